// The candidate returned something the answer type cannot hold: a wrong answer, not a crash.
final class VivaWrong extends RuntimeException {
    VivaWrong(String message) {
        super(message, null, false, false);
    }
}

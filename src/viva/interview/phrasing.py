"""What the rules brain says: varied templates that read naturally aloud.

Short sentences, no markdown, code named in words. A turn never repeats the sentence the
interviewer said just before it.
"""

from __future__ import annotations

import re
import zlib

TEMPLATES: dict[str, list[str]] = {
    "greet": ["Hi, thanks for joining. I'm your interviewer today.",
              "Hello, and welcome. I'll be your interviewer for this session.",
              "Hi there. Thanks for making the time today."],
    "present_problem": ["Here's the problem. {statement}",
                        "Let's get started. {statement}",
                        "Today's problem is called {title}. {statement}"],
    "invite_questions": ["Feel free to ask clarifying questions, then tell me how you'd approach it.",
                         "Ask me anything that's unclear, and then walk me through your approach.",
                         "Take a moment, ask any questions you have, and talk me through your thinking."],
    "answer_clarification": ["{answer}", "Good question. {answer}", "{answer} Anything else?"],
    "your_call": ["That's not specified, so it's your call. State your assumption and go with it.",
                  "The problem doesn't say. Make a reasonable assumption and tell me what it is.",
                  "Good thing to think about. Pick an assumption, say it out loud, and carry on."],
    "ask_approach": ["How would you approach it?", "What's your approach?",
                     "Talk me through how you'd solve it."],
    "more_questions": ["Any other questions, or would you like to talk through an approach?",
                       "Anything else you want to clarify before you share an approach?"],
    "insist_approach": ["Before you start coding, walk me through your approach.",
                        "I'd like to hear your approach before you write code.",
                        "Let's agree on an approach first. How would you solve it?"],
    "allow_coding": ["Alright, go ahead and code it, and talk me through it as you go.",
                     "Okay, feel free to start coding. Explain your thinking as you write it."],
    "ack_brute": ["That would work. It's the {name} approach.", "Okay, that's a valid way to do it.",
                  "Right, that's the straightforward way."],
    "ask_complexity_of_approach": ["What's the time complexity of that?",
                                   "How fast is that, in big O terms?",
                                   "What would the time and space complexity be?"],
    "ask_better": ["Can we do better?", "Do you think there's a faster way?",
                   "Could you improve on that time complexity?"],
    "approve_approach": ["That sounds good. The {name} idea works well here.",
                         "Great, {name} is a solid approach.",
                         "I like that. The {name} idea should do it."],
    "invite_code": ["Go ahead and code it up.", "Whenever you're ready, start writing the code.",
                    "Feel free to start coding."],
    "vague_approach": ["Can you be more specific? What data structure or technique would you use?",
                       "Say a bit more. How exactly would that work, step by step?"],
    "run_all_pass": ["Nice. All {total} tests pass, including the large input.",
                     "All {total} tests pass.", "Everything passes: {total} out of {total}."],
    "run_slow": ["It's correct on the regular tests, but it runs out of time on a large input.",
                 "The answers are right, but it's too slow on a big input."],
    "run_fail": ["Your solution passes {passed} of {total} tests.",
                 "{passed} out of {total} tests pass."],
    "run_fail_cases": ["The failing cases involve {cases}. Does your code handle that?",
                       "It fails {cases}. Can you take a look?"],
    "run_compile": ["There's a syntax error. {message}", "It doesn't compile yet. {message}"],
    "run_crash": ["It crashes with {error}. Take a look at that.", "There's a runtime error: {error}."],
    "run_timeout": ["Some tests run out of time. Check for a loop that never ends or work repeated too often.",
                    "It times out on some tests."],
    "run_memory": ["It runs out of memory. Look at what you're storing."],
    "run_output": ["It prints too much output. Remove the debugging prints."],
    "run_internal": ["Something went wrong on our side running that. Please run it again."],
    "ask_walkthrough": ["Before we talk complexity, walk me through your code with a small example.",
                        "Can you trace through your solution with a concrete input?",
                        "Let's verify it. Walk me through what your code does on a small example."],
    "ask_edge_cases": ["What edge cases would you check?",
                       "Which edge cases could break this?",
                       "And what about edge cases? What inputs would you worry about?"],
    "ask_complexity": ["What's the time and space complexity of your solution?",
                       "Now, what's the time and space complexity?"],
    "complexity_right": ["That's right.", "Yes, exactly.", "Agreed."],
    "earlier_claim_right": ["Earlier you said {claim} time, and the code bears that out.",
                            "You called it {claim} time earlier, and that matches the code."],
    "complexity_wrong": ["Hmm, are you sure? Think about how many times each element is processed.",
                         "I'm not sure that's right. Look at the loops again."],
    "complexity_tell": ["I'd put it at {actual} time, based on the approach you coded.",
                        "It's {actual} time for the approach you wrote."],
    "ask_space": ["And the space complexity?", "What about extra space?"],
    "follow_up": ["Here's a follow up. {question}", "One more question. {question}"],
    "ack_follow_up": ["Good thinking.", "That makes sense.", "Nice, that's a reasonable answer."],
    "wrap_up": ["We're about at time. Do you have any questions for me?",
                "That's all I had. Any questions for me?"],
    "answer_interviewer": ["Good question. The team here works on developer tools, and we care a lot about "
                           "code review and testing. Anything else?",
                           "I enjoy the people and the problems. We ship small changes often. What else would you like to know?"],
    "closing": ["Thanks for your time today. That's the end of the interview; your report will be ready shortly.",
                "That's a wrap. Thank you, and your report will be ready in a moment."],
    "hint_intro": ["Here's a hint.", "Let me give you a pointer.", "Okay, a hint."],
    "finish_question": ["To finish what I was asking: {question}", "What I was going to ask: {question}"],
    "stand_by_tests": ["The tests are right, I'm afraid; let's look at the case that fails.",
                       "I've checked those tests and they hold. Here's the one your code gets wrong.",
                       "The expected outputs are correct. Let's go through the failing case together.",
                       "Those expected answers are right. The difference is in the code.",
                       "I'd trust the tests here; they've been checked. Something in the code differs."],
    "agree_to_differ": ["We see this one differently, and that's fine for now. Would you rather keep debugging, or "
                        "shall we move on?", "I hear you. The tests stay as they are, though. Keep digging, or move on?"],
    "trace_failing_case": ["Take {name}: the input is {input}, the expected output is {expected}, and your code "
                           "returns {actual}. Trace your code on that input by hand.",
                           "Let's settle it with {name}. Input {input}; expected {expected}; you return {actual}. "
                           "Walk me through what your code does with it."],
    "trace_hidden_case": ["Make up a small input of that kind, {case}, and run your code on it by hand.",
                          "Try the {case} case: build a tiny input like it and trace your code step by step."],
    "hint_wait": ["Give that last hint a moment. {hint}", "Sit with the last hint for a bit. {hint}"],
    # The hint was said a moment ago: point back at it rather than say it word for word again.
    "hint_wait_recent": ["Give the hint I just gave you a minute; it points at the key step.",
                         "Stay with that last hint for a bit longer; try it on the first example.",
                         "Work from the hint I just gave. What does it suggest you keep track of?"],
    "hint_exhausted": ["I've shared the whole idea already. Try writing it out step by step.",
                       "That's everything I can give you. Try turning that description into code."],
    "no_answer": ["I can't give you the solution, but I can give you a hint.",
                  "I won't hand over the answer, but here's something to help."],
    "refuse_steering": ["I can't change how this interview works or how it's scored. Let's keep going.",
                        "Nice try. The interview and its scoring stay the same. Let's continue.",
                        "I'll stick to the interview. Let's get back to the problem."],
    # Heard late, and differently, by the accurate pass: the reply that follows answers what was said.
    "misheard": ["Sorry, I misheard you a moment ago.", "Ah, I think I misheard that before.",
                 "Sorry, I caught that wrong the first time."],
    "heard_now": ["Ah, got it now.", "Okay, I follow now."],
    "stay_on_topic": ["Let's stay focused on the problem.", "Let's get back to the problem.",
                      "Maybe later; for now, back to the problem.", "Fair enough. Let's bring it back to the code.",
                      "Let's park that and keep going with the problem."],
    "greeting_back": ["Hi. Let's get going.", "Hello again."],
    "encourage": ["Take your time. Think out loud and I'll follow along.",
                  "No rush. Talk me through what you're considering."],
    "check_in": ["How's it going? Tell me where you are.", "How are you getting on?",
                 "Where are you at right now? Thinking out loud helps me follow.",
                 "Take your time. What are you weighing up at the moment?",
                 "Anything I can clarify? Otherwise, talk me through where you've got to."],
    "not_run_yet": ["Before we call it done, please run your code.",
                    "Let's run it first and see what the tests say."],
    "done_but_failing": ["Your last run still fails {failed} of {total} tests. Do you want to take another look, or "
                         "shall we move on?", "The last run has {failed} failing tests out of {total}. Want to fix "
                         "that first, or move on?"],
    "done_moving_on": ["Okay, let's move on with what you have."],
    "ack_walkthrough": ["Thanks, that trace makes sense.", "Good, that walk-through checks out."],
    "ack_edge_cases": ["Good, those are the cases I'd worry about too.", "Right, those are good edge cases."],
    "verified_early": ["You already traced an example and went over edge cases while coding, so let's move on.",
                       "You checked an example and the edge cases as you went, which covers testing."],
    "catch_up_approach": ["I see you've started coding. In a sentence, what's your approach?",
                          "Before you get far, tell me your approach in one line."],
    "code_departs": ["You mentioned {approach}, but this code has {reason}. Is that what you intended?",
                     "Earlier you said {approach}. The code here has {reason}. Was that on purpose?"],
    "ask_line": ["What happens on line {line} for a large input?",
                 "Look at line {line}. How often does that run on a big input?"],
    "claim_vs_code": ["You said {claim}, but I see {reason}. What does that make it?",
                      "Hmm, {claim}? The code has {reason}. Want to reconsider?"],
    "run_error": ["It raises {kind} on line {line}{where}.", "There's {kind} on line {line}{where}."],
    "run_error_no_line": ["It raises {kind}{where}.", "It crashes with {kind}{where}."],
    "run_error_message": ["The message is: {message}.", "It says: {message}."],
    "no_run_yet": ["You haven't run the code yet, so there's no result to look at.",
                   "Nothing has been run yet. Run it and we can look at the result."],
    "last_run_passed": ["The last run passed all {total} tests.", "Everything passed last time: {total} of {total}."],
    "save_for_later": ["Good question. Let's keep it for the end, and carry on for now.",
                       "Happy to talk about that at the end. For now, keep going."],
    "coding_quiet": [""],
    "continue_phase": ["Let's continue."],
}

CUES = {
    "state_approach": "State your approach before coding",
    "run_code": "You have not run your code in 8 minutes",
    "wrap_example": "Wrap up this example",
    "five_minutes": "About five minutes left",
    "verify_first": "Trace an example before calling it done",
}


# Asked when the candidate clearly spoke but was not understood: in this order, never the same
# words twice in one interview. After the last, the interviewer stops asking and carries on.
SAY_AGAIN = (
    "Sorry, I didn't catch that. Could you say it again?",
    "Sorry, I missed that. Could you repeat it?",
    "I didn't quite get that. Could you put it another way?",
    "Sorry, the audio cut out for me there. Once more?",
    "I'm having trouble hearing you. Could you say that a little slower?",
    "I still didn't get that. If it's easier, type it in the chat.",
)


def pick(act: str, turn: int, avoid: str = "", **values: str) -> str:
    """A variant of `act` for this turn, never equal to `avoid` (the interviewer's last words)."""
    variants = TEMPLATES[act]
    start = zlib.crc32(f"{act}:{turn}".encode()) % len(variants)
    said = set(sentences(avoid))
    for k in range(len(variants)):
        text = variants[(start + k) % len(variants)].format(**values).strip()
        if text and not said.intersection(sentences(text)):
            return text
    return variants[start].format(**values).strip()


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


def speakable(markdown: str) -> str:
    """Markdown statement to plain sentences that read well aloud."""
    t = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    t = re.sub(r"`([^`]*)`", r"\1", t)
    t = re.sub(r"(\w+)\[(\w+)\]", r"\1 at \2", t)  # nums[i] -> nums at i
    t = re.sub(r"[*_#>]+", "", t)
    t = t.replace("<=", " at most ").replace(">=", " at least ").replace("!=", " not equal to ")
    t = re.sub(r"\s*\n\s*", " ", t)
    return re.sub(r"\s{2,}", " ", t).strip()


def complexity_words(canon: str) -> str:
    return {"1": "constant", "n": "linear", "log n": "logarithmic", "n log n": "n log n", "n^2": "n squared",
            "n^3": "n cubed", "2^n": "exponential", "n!": "factorial", "m*n": "m times n",
            "n+m": "n plus m", "n*k": "n times k"}.get(canon, canon)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def failing_cases(visible: list[str], hidden: list[str]) -> str:
    """"example 2 and hidden cases such as empty input": names only, never a hidden input."""
    parts = []
    numbers = [v.split()[-1] for v in visible if v.startswith("example ")]
    if numbers:
        parts.append(("example " if len(numbers) == 1 else "examples ") + _join(numbers))
    hidden = list(dict.fromkeys(h for h in hidden if h))[:3]
    if hidden:
        parts.append(("hidden cases such as " if parts else "") + _join(hidden))
    return " and ".join(parts) if parts else "some hidden cases"

// viva's C++ harness runtime: main(), the job's JSON, the records on fd 3, and what a crash
// leaves behind. Compiled once per machine into an object file (`./dev setup`) and linked with
// each candidate's program, or, without that, included into main.cpp (VIVA_RUNTIME_INLINE), so
// that the standard library is parsed once. It never sees expected answers.
//
// Protocol (see harness/harness.py): the job arrives as JSON on stdin; one record per test goes
// to fd 3 as `nonce + JSON + "\n"`, flushed right after its test, so that a crash lands on the
// next test: {i, actual, ms}, {i, error, cause}, {i, wrong}, {i, memory: true}.
#include "viva_prelude.h"

#include <backtrace.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

// From <cxxabi.h>, which cannot be included here: it declares __cxa_throw, defined below.
namespace __cxxabiv1 {
extern "C" char* __cxa_demangle(const char* mangled, char* out, std::size_t* length, int* status);
extern "C" std::type_info* __cxa_current_exception_type() noexcept;
}  // namespace __cxxabiv1
namespace abi = __cxxabiv1;

namespace viva {

// ---- Reader ---------------------------------------------------------------------------------

void Reader::ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
}

void Reader::fail(const char* what) { throw BadInput(std::string("the job's JSON: ") + what); }

char Reader::peek() {
    ws();
    return p_ < end_ ? *p_ : '\0';
}

void Reader::expect(char c) {
    if (peek() != c) fail("unexpected character");
    ++p_;
}

bool Reader::maybe(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
}

bool Reader::null() {
    if (peek() != 'n') return false;
    if (end_ - p_ < 4 || std::memcmp(p_, "null", 4) != 0) fail("bad literal");
    p_ += 4;
    return true;
}

bool Reader::boolean() {
    char c = peek();
    if (c == 't' && end_ - p_ >= 4 && std::memcmp(p_, "true", 4) == 0) {
        p_ += 4;
        return true;
    }
    if (c == 'f' && end_ - p_ >= 5 && std::memcmp(p_, "false", 5) == 0) {
        p_ += 5;
        return false;
    }
    fail("a boolean was expected");
}

long long Reader::integer() {
    ws();
    const char* start = p_;
    bool neg = false;
    if (p_ < end_ && *p_ == '-') {
        neg = true;
        ++p_;
    }
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') fail("an integer was expected");
    unsigned long long v = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        unsigned d = static_cast<unsigned>(*p_ - '0');
        if (v > (ULLONG_MAX - d) / 10) fail("an integer is too large");
        v = v * 10 + d;
        ++p_;
    }
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) {
        // A float where an int was expected: accept it when it is a whole number (1.0, 1e3).
        p_ = start;
        double d = number();
        if (d != std::floor(d) || std::fabs(d) > 9.2e18) fail("an integer was expected");
        return static_cast<long long>(d);
    }
    if (neg) {
        if (v > static_cast<unsigned long long>(LLONG_MAX) + 1) fail("an integer is too large");
        return static_cast<long long>(0 - v);
    }
    if (v > static_cast<unsigned long long>(LLONG_MAX)) fail("an integer is too large");
    return static_cast<long long>(v);
}

double Reader::number() {
    ws();
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' || *p_ == '+' ||
                         *p_ == '-'))
        ++p_;
    if (p_ == start) fail("a number was expected");
    std::string text(start, p_);
    char* stop = nullptr;
    double d = std::strtod(text.c_str(), &stop);
    if (stop != text.c_str() + text.size()) fail("a bad number");
    return d;
}

static void put_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string Reader::string() {
    if (peek() != '"') fail("a string was expected");
    ++p_;
    std::string out;
    const char* run = p_;
    while (true) {
        if (p_ >= end_) fail("an unterminated string");
        char c = *p_;
        if (c == '"') {
            out.append(run, p_);
            ++p_;
            return out;
        }
        if (c != '\\') {
            ++p_;
            continue;
        }
        out.append(run, p_);
        ++p_;
        if (p_ >= end_) fail("an unterminated string");
        char e = *p_++;
        switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                auto hex4 = [&]() -> unsigned long {
                    if (end_ - p_ < 4) fail("a bad \\u escape");
                    unsigned long v = 0;
                    for (int k = 0; k < 4; ++k) {
                        char h = *p_++;
                        v <<= 4;
                        if (h >= '0' && h <= '9') v |= h - '0';
                        else if (h >= 'a' && h <= 'f') v |= h - 'a' + 10;
                        else if (h >= 'A' && h <= 'F') v |= h - 'A' + 10;
                        else fail("a bad \\u escape");
                    }
                    return v;
                };
                unsigned long cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
                    const char* save = p_;
                    p_ += 2;
                    unsigned long lo = hex4();
                    if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    else p_ = save;
                }
                put_utf8(out, cp);
                break;
            }
            default: fail("a bad escape");
        }
        run = p_;
    }
}

void Reader::skip() {
    char c = peek();
    if (c == '"') {
        string();
    } else if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        ++p_;
        if (maybe(close)) return;
        do {
            if (c == '{') {
                string();
                expect(':');
            }
            skip();
        } while (maybe(','));
        expect(close);
    } else if (c == 't' || c == 'f') {
        boolean();
    } else if (c == 'n') {
        null();
    } else {
        number();
    }
}

void read(Reader& r, char& v) {
    std::string s = r.string();
    if (s.size() != 1) throw BadInput("a char argument must be a one-character string");
    v = s[0];
}

void read(Reader& r, MaybeInt& v) {
    if (r.null()) {
        v = MaybeInt{};
        return;
    }
    int x;
    read(r, x);
    v = MaybeInt{true, x};
}

// ---- Writer ---------------------------------------------------------------------------------

void Writer::integer(long long v) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void Writer::uinteger(unsigned long long v) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void Writer::number(double v) {
    if (!std::isfinite(v)) throw Unencodable("returned inf or nan, which is not a valid answer here");
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back the same
    std::string_view text(buf, res.ptr - buf);
    out += text;
    if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
}

// JSON text, always valid UTF-8: a candidate's string may hold any bytes.
void Writer::string(const char* s, std::size_t n) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
    const unsigned char* end = p + n;
    while (p < end) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++p;
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
            ++p;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
            ++p;
        } else {
            int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
            bool ok = len > 0 && end - p >= len;
            for (int k = 1; ok && k < len; ++k) ok = (p[k] & 0xC0) == 0x80;
            if (ok && len == 3) {
                unsigned cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
                ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
            } else if (ok && len == 4) {
                unsigned cp = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
                ok = cp >= 0x10000 && cp <= 0x10FFFF;
            }
            if (ok) {
                out.append(reinterpret_cast<const char*>(p), len);
                p += len;
            } else {
                out += "\\ufffd";  // not UTF-8: the replacement character, as Python would decode it
                ++p;
            }
        }
    }
    out += '"';
}

void write(Writer& w, const std::vector<bool>& v) {
    w.open();
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (k) w.comma();
        w.boolean(v[k]);
    }
    w.close();
}

}  // namespace viva

// ---- records, crashes, main ------------------------------------------------------------------

// A named namespace, not an anonymous one: without the prebuilt object this file is included into
// main.cpp, above the candidate's code, whose own names must not meet these.
namespace viva_rt {

constexpr int RESULT_FD = 3;

std::string g_nonce;
// The test running now, and whether its record is out: what a fatal signal's handler reads.
volatile sig_atomic_t g_current = -1;
volatile sig_atomic_t g_recorded = 0;
char* g_stack_top = nullptr;
std::size_t g_stack_size = 0;

void write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t k = ::write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return;
        }
        p += k;
        n -= static_cast<std::size_t>(k);
    }
}

void emit(const std::string& record) {
    std::string line;
    line.reserve(g_nonce.size() + record.size() + 1);
    line += g_nonce;
    line += record;
    line += '\n';
    write_all(RESULT_FD, line.data(), line.size());
}

std::string json_string(const std::string& s) {
    viva::Writer w;
    w.string(s);
    return w.out;
}

std::string cause(const std::string& kind, const std::string& message, int line = 0) {
    std::string first = message.substr(0, message.find('\n')).substr(0, 200);
    return "{\"kind\":" + json_string(kind) + ",\"message\":" + json_string(first) +
           ",\"line\":" + (line > 0 ? std::to_string(line) : "null") + "}";
}

// "std::out_of_range" -> "out_of_range": the judge takes a kind only if it looks like a name.
std::string kind_of(const char* mangled) {
    int status = 0;
    char* name = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    std::string kind = status == 0 && name ? name : mangled;
    std::free(name);
    if (kind.rfind("std::", 0) == 0) kind = kind.substr(5);
    if (kind.rfind("__cxx11::", 0) == 0) kind = kind.substr(9);
    std::string out;
    for (std::size_t k = 0; k < kind.size(); ++k) {
        if (kind.compare(k, 2, "::") == 0) {
            out += '.';
            ++k;
        } else if (std::isalnum(static_cast<unsigned char>(kind[k])) || kind[k] == '_') {
            out += kind[k];
        } else {
            out += '_';
        }
    }
    return out.empty() ? "exception" : out;
}

// ---- where in the candidate's code: their line, from the debug info (-g1) ----------------------

backtrace_state* g_backtrace = nullptr;

struct Where {
    int line = 0;               // the innermost line of solution.cpp, 0 if none
    bool indexing = false;      // inside a container's operator[] on the way there
};

bool is_solution(const char* file) {
    if (file == nullptr) return false;
    const char* base = std::strrchr(file, '/');
    base = base ? base + 1 : file;
    return std::strcmp(base, "solution.cpp") == 0;
}

bool is_indexing(const char* file, const char* function) {
    if (file == nullptr || function == nullptr || std::strstr(function, "ixE") == nullptr) return false;
    const char* base = std::strrchr(file, '/');
    base = base ? base + 1 : file;
    return !std::strcmp(base, "stl_vector.h") || !std::strcmp(base, "basic_string.h") ||
           !std::strcmp(base, "stl_deque.h") || !std::strcmp(base, "array") || !std::strcmp(base, "stl_bvector.h");
}

// Called innermost first, inlined frames included; nonzero stops the walk.
int on_frame(void* data, uintptr_t, const char* file, int line, const char* function) {
    Where* where = static_cast<Where*>(data);
    if (is_solution(file)) {
        where->line = line;
        return 1;
    }
    if (is_indexing(file, function)) where->indexing = true;
    return 0;
}

void on_backtrace_error(void*, const char*, int) {}

// Exceptions: where each was thrown, captured at the throw (by then the catch has unwound it).
void* g_throw_pcs[64];
int g_throw_depth = 0;
void* g_thrown = nullptr;

Where where_thrown(const void* caught) {
    Where where;
    if (g_backtrace == nullptr || (caught != nullptr && caught != g_thrown)) return where;
    for (int k = 0; k < g_throw_depth && where.line == 0; ++k) {
        // Return addresses: the call is the instruction before.
        uintptr_t pc = reinterpret_cast<uintptr_t>(g_throw_pcs[k]) - 1;
        backtrace_pcinfo(g_backtrace, pc, on_frame, on_backtrace_error, &where);
    }
    return where;
}

// ---- fatal signals: the crashed test gets its record, then the process dies of the signal ----

void append(char*& p, char* end, const char* s) {
    while (*s && p < end) *p++ = *s++;
}

void append_int(char*& p, char* end, long v) {
    char digits[24];
    int n = 0;
    if (v == 0) digits[n++] = '0';
    while (v > 0 && n < 24) {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    while (n > 0 && p < end) *p++ = digits[--n];
}

const char* describe(int sig, const siginfo_t* info, void* context, const char** kind) {
    switch (sig) {
        case SIGSEGV: {
            *kind = "SIGSEGV";
            char* addr = static_cast<char*>(info->si_addr);
            if (g_stack_top && addr < g_stack_top && addr + g_stack_size + (8 << 20) > g_stack_top &&
                addr + g_stack_size - (1 << 20) < g_stack_top)
                return "stack overflow: the recursion went too deep (or never ends)";
            if (reinterpret_cast<std::uintptr_t>(addr) < 65536)
                return "segmentation fault: a null pointer was dereferenced";
            return "segmentation fault: an invalid memory access (a dangling pointer, or an index out of range)";
        }
        case SIGBUS: *kind = "SIGBUS"; return "bus error: an invalid memory access";
        case SIGFPE: *kind = "SIGFPE"; return "arithmetic error: an integer division by zero";
        case SIGILL: {
            *kind = "SIGILL";
            const ucontext_t* uc = static_cast<const ucontext_t*>(context);
            const unsigned char* pc = uc ? reinterpret_cast<const unsigned char*>(uc->uc_mcontext.gregs[REG_RIP])
                                         : nullptr;
            if (pc && pc[0] == 0x0F && pc[1] == 0x0B)  // ud2: a trap the compiler put there
                return "a trap: code the compiler proved can only fail (a null pointer dereference?)";
            return "illegal instruction";
        }
        case SIGABRT:
            *kind = "SIGABRT";
            return "abort was called: a failed assertion (an index out of range?) or an exception that could "
                   "not be caught";
        default: *kind = "signal"; return "the program was killed by a signal";
    }
}

volatile sig_atomic_t g_fatal_sig = 0;
const char* g_fatal_kind = "signal";
const char* g_fatal_what = "the program was killed by a signal";

// Only async-signal-safe work from here on: the heap may be what broke.
void write_fatal_record(int line) {
    if (g_current < 0 || g_recorded) return;
    g_recorded = 1;
    char buf[1024];
    char* p = buf;
    char* end = buf + sizeof buf - 2;
    append(p, end, g_nonce.c_str());
    append(p, end, "{\"i\":");
    append_int(p, end, g_current);
    append(p, end, ",\"error\":\"");
    append(p, end, g_fatal_kind);
    append(p, end, ": ");
    append(p, end, g_fatal_what);
    append(p, end, "\",\"cause\":{\"kind\":\"");
    append(p, end, g_fatal_kind);
    append(p, end, "\",\"message\":\"");
    append(p, end, g_fatal_what);
    append(p, end, "\",\"line\":");
    if (line > 0) append_int(p, end, line); else append(p, end, "null");
    append(p, end, "}}\n");
    write_all(RESULT_FD, buf, static_cast<std::size_t>(p - buf));
}

void die_of(int sig) {
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    raise(sig);
    _exit(128 + sig);
}

// Finding the line hung (a lock the crash left held): report without it.
void on_alarm(int) {
    write_fatal_record(0);
    die_of(g_fatal_sig ? g_fatal_sig : SIGALRM);
}

void on_fatal(int sig, siginfo_t* info, void* context) {
    if (g_fatal_sig) {  // a crash while finding the line of the first one
        write_fatal_record(0);
        die_of(g_fatal_sig);
    }
    g_fatal_sig = sig;
    g_fatal_what = describe(sig, info, context, &g_fatal_kind);
    Where where;
    if (g_current >= 0 && !g_recorded && g_backtrace != nullptr) {
        signal(SIGALRM, on_alarm);
        alarm(2);
        backtrace_full(g_backtrace, 0, on_frame, on_backtrace_error, &where);
        alarm(0);
    }
    if (sig == SIGABRT && where.indexing)
        g_fatal_what = "index out of range: operator[] was given an index outside the container";
    write_fatal_record(where.line);
    // Best effort, and not async-signal-safe: what the candidate printed before the crash, when
    // they turned off stdio's sync and cout holds it. The alarm ends a flush that would hang.
    signal(SIGALRM, on_alarm);
    alarm(1);
    std::cout.flush();
    std::fflush(stdout);
    alarm(0);
    die_of(sig);
}

void install_crash_handlers() {
    static char altstack[1 << 20];  // finding the line reads debug info: more than a few KB
    stack_t ss{};
    ss.ss_sp = altstack;
    ss.ss_size = sizeof altstack;
    sigaltstack(&ss, nullptr);
    struct sigaction sa {};
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) sigaction(sig, &sa, nullptr);
}

// ---- undefined behaviour: g++'s sanitizer checks, reported the way LeetCode's are -------------
// Compiled with -fsanitize=return,signed-integer-overflow,... and -fno-sanitize-recover: each
// check calls one of these (GCC's ABI, shared with LLVM's ubsan runtime, which is not linked).
// They may not throw (GCC declares them nothrow): the test gets its record, the run ends.

struct SourceLocation {
    const char* file;
    std::uint32_t line;
    std::uint32_t column;
};
struct TypeDescriptor {
    std::uint16_t kind;  // 0: an integer, info = log2(bits) << 1 | signed
    std::uint16_t info;
    char name[1];        // 'int', quotes included
};
struct OverflowData {
    SourceLocation loc;
    const TypeDescriptor* type;
};
struct UnreachableData {
    SourceLocation loc;
};
struct ShiftOutOfBoundsData {
    SourceLocation loc;
    const TypeDescriptor* lhs_type;
    const TypeDescriptor* rhs_type;
};
struct OutOfBoundsData {
    SourceLocation loc;
    const TypeDescriptor* array_type;
    const TypeDescriptor* index_type;
};

std::string type_name(const TypeDescriptor* t) {
    const char* name = t ? static_cast<const char*>(t->name) : "?";
    std::string out(name);
    if (out.size() >= 2 && out.front() == '\'' && out.back() == '\'') out = out.substr(1, out.size() - 2);
    return "'" + out + "'";
}

unsigned bits(const TypeDescriptor* t) { return t && t->kind == 0 ? 1u << (t->info >> 1) : 64; }

bool is_signed(const TypeDescriptor* t) { return t && t->kind == 0 && (t->info & 1); }

// The value as a number: inline in the handle up to 64 bits, behind it beyond (__int128).
std::string value(const TypeDescriptor* t, std::uintptr_t handle) {
    unsigned width = bits(t);
    if (width > 64) {
        unsigned __int128 raw;
        std::memcpy(&raw, reinterpret_cast<const void*>(handle), sizeof raw);
        bool negative = is_signed(t) && static_cast<__int128>(raw) < 0;
        unsigned __int128 mag = negative ? 0 - raw : raw;
        std::string digits;
        do {
            digits += static_cast<char>('0' + static_cast<int>(mag % 10));
            mag /= 10;
        } while (mag != 0);
        if (negative) digits += '-';
        return std::string(digits.rbegin(), digits.rend());
    }
    std::uint64_t raw = handle;
    if (width < 64) raw &= (std::uint64_t{1} << width) - 1;
    if (is_signed(t) && width < 64 && (raw >> (width - 1)) & 1) raw |= ~std::uint64_t{0} << width;
    return is_signed(t) ? std::to_string(static_cast<std::int64_t>(raw)) : std::to_string(raw);
}

void flush_output();

[[noreturn]] void undefined(const SourceLocation& loc, const char* kind, const std::string& what) {
    // As g++'s own runtime words it, for the candidate to read.
    std::fprintf(stderr, "%s:%u:%u: runtime error: %s\n", loc.file ? loc.file : "?", loc.line, loc.column,
                 what.c_str());
    int line = 0;
    if (is_solution(loc.file)) {
        line = static_cast<int>(loc.line);
    } else if (g_backtrace != nullptr) {  // inside the standard library: the candidate's call into it
        Where where;
        backtrace_full(g_backtrace, 0, on_frame, on_backtrace_error, &where);
        line = where.line;
    }
    if (g_current >= 0 && !g_recorded) {
        g_recorded = 1;
        emit("{\"i\":" + std::to_string(g_current) + ",\"error\":" + json_string("runtime error: " + what) +
             ",\"cause\":" + cause(kind, what, line) + "}");
    }
    flush_output();
    _exit(1);
}

void overflow(OverflowData* data, std::uintptr_t lhs, std::uintptr_t rhs, const char* op) {
    undefined(data->loc, "signed_integer_overflow",
              "signed integer overflow: " + value(data->type, lhs) + " " + op + " " + value(data->type, rhs) +
                  " cannot be represented in type " + type_name(data->type));
}

void divrem(OverflowData* data, std::uintptr_t lhs, std::uintptr_t rhs) {
    if (value(data->type, rhs) == "0") undefined(data->loc, "division_by_zero", "division by zero");
    undefined(data->loc, "signed_integer_overflow",
              "division of " + value(data->type, lhs) + " by -1 cannot be represented in type " +
                  type_name(data->type));
}

void negate(OverflowData* data, std::uintptr_t old) {
    undefined(data->loc, "signed_integer_overflow",
              "negation of " + value(data->type, old) + " cannot be represented in type " + type_name(data->type) +
                  "; cast to an unsigned type to negate this value to itself");
}

void shift(ShiftOutOfBoundsData* data, std::uintptr_t lhs, std::uintptr_t rhs) {
    std::string amount = value(data->rhs_type, rhs);
    if (is_signed(data->rhs_type) && amount[0] == '-')
        undefined(data->loc, "shift_out_of_bounds", "shift exponent " + amount + " is negative");
    undefined(data->loc, "shift_out_of_bounds",
              "shift exponent " + amount + " is too large for " + std::to_string(bits(data->lhs_type)) +
                  "-bit type " + type_name(data->lhs_type) + " (the value was " + value(data->lhs_type, lhs) + ")");
}

void out_of_bounds(OutOfBoundsData* data, std::uintptr_t index) {
    undefined(data->loc, "index_out_of_bounds",
              "index " + value(data->index_type, index) + " out of bounds for type " + type_name(data->array_type));
}

std::string read_stdin() {
    std::string data;
    char buf[1 << 16];
    while (true) {
        ssize_t k = ::read(0, buf, sizeof buf);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        data.append(buf, static_cast<std::size_t>(k));
    }
    return data;
}

void flush_output() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(stdout);
    std::fflush(stderr);
}

std::string run_test(long i, viva::Reader& args) {
    std::string head = "{\"i\":" + std::to_string(i);
    viva::Outcome out;
    try {
        viva_case(args, out);
        std::string rec = head + ",\"actual\":" + (out.actual.out.empty() ? "null" : out.actual.out);
        if (out.calls >= 0) rec += ",\"calls\":" + std::to_string(out.calls);
        char ms[48];
        std::snprintf(ms, sizeof ms, ",\"ms\":%.3f}", out.ms);
        return rec + ms;
    } catch (const viva::Unencodable& e) {
        return head + ",\"wrong\":" + json_string(e.what()) + "}";
    } catch (const viva::BadInput& e) {
        return head + ",\"error\":" + json_string(std::string("the judge's harness failed: ") + e.what()) + "}";
    } catch (const std::bad_alloc&) {
        return head + ",\"memory\":true}";
    } catch (const std::exception& e) {
        std::string kind = kind_of(typeid(e).name());
        int line = where_thrown(dynamic_cast<const void*>(&e)).line;
        return head + ",\"error\":" + json_string(kind + ": " + e.what()) + ",\"cause\":" +
               cause(kind, e.what(), line) + "}";
    } catch (const char* s) {
        std::string what = s ? s : "";
        return head + ",\"error\":" + json_string("const char*: " + what) + ",\"cause\":" +
               cause("const_char", what, where_thrown(nullptr).line) + "}";
    } catch (const std::string& s) {
        return head + ",\"error\":" + json_string("string: " + s) + ",\"cause\":" +
               cause("string", s, where_thrown(&s).line) + "}";
    } catch (...) {
        std::type_info* t = abi::__cxa_current_exception_type();
        std::string kind = t ? kind_of(t->name()) : "exception";
        std::string what = "an exception of type " + kind + " was thrown";
        return head + ",\"error\":" + json_string(what) + ",\"cause\":" + cause(kind, what, where_thrown(nullptr).line) +
               "}";
    }
}

int run() {
    // The candidate's prints reach the judge line by line, so a crash loses at most a line.
    std::setvbuf(stdout, nullptr, _IOLBF, 1 << 16);
    int here = 0;
    g_stack_top = reinterpret_cast<char*>(&here);
    struct rlimit rl {};
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) g_stack_size = rl.rlim_cur;
    // The main thread's stack is the big one (RLIMIT_STACK); threads the candidate starts get 8 MB,
    // not RLIMIT_STACK each, which the address-space limit could not hold.
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) == 0) {
        pthread_attr_setstacksize(&attr, 8 << 20);
        pthread_setattr_default_np(&attr);
        pthread_attr_destroy(&attr);
    }
    g_backtrace = backtrace_create_state(nullptr, 0, on_backtrace_error, nullptr);
    install_crash_handlers();

    std::string job = read_stdin();
    std::vector<std::pair<const char*, const char*>> tests;  // each test's args, as JSON text
    try {
        viva::Reader r(job.data(), job.data() + job.size());
        r.expect('{');
        if (!r.maybe('}')) {
            do {
                std::string key = r.string();
                r.expect(':');
                if (key == "nonce") {
                    g_nonce = r.string();
                } else if (key == "tests") {
                    r.expect('[');
                    if (!r.maybe(']')) {
                        do {
                            r.expect('{');
                            const char* start = nullptr;
                            const char* stop = nullptr;
                            if (!r.maybe('}')) {
                                do {
                                    std::string k = r.string();
                                    r.expect(':');
                                    r.peek();
                                    if (k == "args") start = r.pos();
                                    r.skip();
                                    if (k == "args") stop = r.pos();
                                } while (r.maybe(','));
                                r.expect('}');
                            }
                            tests.emplace_back(start, stop);
                        } while (r.maybe(','));
                        r.expect(']');
                    }
                } else {
                    r.skip();
                }
            } while (r.maybe(','));
            r.expect('}');
        }
    } catch (const std::exception& e) {
        emit("{\"load_error\":" + json_string(std::string("the judge's harness could not read its job: ") + e.what()) +
             "}");
        return 0;
    }

    for (std::size_t i = 0; i < tests.size(); ++i) {
        g_recorded = 0;
        g_current = static_cast<sig_atomic_t>(i);
        std::string record;
        if (tests[i].first == nullptr) {
            record = "{\"i\":" + std::to_string(i) + ",\"error\":\"the judge's harness failed: a test without args\"}";
        } else {
            viva::Reader args(tests[i].first, tests[i].second);
            record = run_test(static_cast<long>(i), args);
        }
        flush_output();
        g_recorded = 1;
        emit(record);
    }
    g_current = -1;
    flush_output();
    // Not exit(): the candidate's static destructors and stray threads have no say once every
    // record is out.
    _exit(0);
}

}  // namespace viva_rt

// Every throw passes here (the candidate's, and the standard library's inside libstdc++.so, which
// calls it through the PLT): note where it came from, then throw as ever.
extern "C" void __cxa_throw(void* thrown, void* type, void (*destroy)(void*)) {
    viva_rt::g_thrown = thrown;
    viva_rt::g_throw_depth = ::backtrace(viva_rt::g_throw_pcs, 64);
    using Throw = void (*)(void*, void*, void (*)(void*));
    static Throw real = reinterpret_cast<Throw>(dlsym(RTLD_NEXT, "__cxa_throw"));
    real(thrown, type, destroy);
    __builtin_unreachable();
}

extern "C" {
using viva_rt::OutOfBoundsData;
using viva_rt::OverflowData;
using viva_rt::ShiftOutOfBoundsData;
using viva_rt::UnreachableData;
using Handle = std::uintptr_t;
// GCC declares these itself, with void* for the data.
void __ubsan_handle_add_overflow_abort(void* d, Handle l, Handle r) { viva_rt::overflow(static_cast<OverflowData*>(d), l, r, "+"); }
void __ubsan_handle_add_overflow(void* d, Handle l, Handle r) { viva_rt::overflow(static_cast<OverflowData*>(d), l, r, "+"); }
void __ubsan_handle_sub_overflow_abort(void* d, Handle l, Handle r) { viva_rt::overflow(static_cast<OverflowData*>(d), l, r, "-"); }
void __ubsan_handle_sub_overflow(void* d, Handle l, Handle r) { viva_rt::overflow(static_cast<OverflowData*>(d), l, r, "-"); }
void __ubsan_handle_mul_overflow_abort(void* d, Handle l, Handle r) { viva_rt::overflow(static_cast<OverflowData*>(d), l, r, "*"); }
void __ubsan_handle_mul_overflow(void* d, Handle l, Handle r) { viva_rt::overflow(static_cast<OverflowData*>(d), l, r, "*"); }
void __ubsan_handle_negate_overflow_abort(void* d, Handle v) { viva_rt::negate(static_cast<OverflowData*>(d), v); }
void __ubsan_handle_negate_overflow(void* d, Handle v) { viva_rt::negate(static_cast<OverflowData*>(d), v); }
void __ubsan_handle_divrem_overflow_abort(void* d, Handle l, Handle r) { viva_rt::divrem(static_cast<OverflowData*>(d), l, r); }
void __ubsan_handle_divrem_overflow(void* d, Handle l, Handle r) { viva_rt::divrem(static_cast<OverflowData*>(d), l, r); }
void __ubsan_handle_shift_out_of_bounds_abort(void* d, Handle l, Handle r) { viva_rt::shift(static_cast<ShiftOutOfBoundsData*>(d), l, r); }
void __ubsan_handle_shift_out_of_bounds(void* d, Handle l, Handle r) { viva_rt::shift(static_cast<ShiftOutOfBoundsData*>(d), l, r); }
void __ubsan_handle_out_of_bounds_abort(void* d, Handle i) { viva_rt::out_of_bounds(static_cast<OutOfBoundsData*>(d), i); }
void __ubsan_handle_out_of_bounds(void* d, Handle i) { viva_rt::out_of_bounds(static_cast<OutOfBoundsData*>(d), i); }
void __ubsan_handle_missing_return(void* d) {
    viva_rt::undefined(static_cast<UnreachableData*>(d)->loc, "missing_return",
                       "execution reached the end of a value-returning function without returning a value");
}
}

int main() { return viva_rt::run(); }

// viva's C++ prelude: what LeetCode gives a C++ solution (the whole standard library and
// `using namespace std;`), and the harness's typed JSON reading and writing.
//
// It is precompiled once (`./dev setup`) into viva_prelude.h.gch beside a copy of itself; the
// generated main.cpp includes it first, then the problem's node types, then the candidate's
// solution.cpp, then the driver for the problem. The non-template parts live in
// viva_runtime.cpp, compiled once into an object file, which also holds main().
#ifndef VIVA_PRELUDE_H
#define VIVA_PRELUDE_H

#include <bits/stdc++.h>

using namespace std;

namespace viva {

// The job's input does not match what the driver expects: a harness bug, never the candidate's.
struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The candidate returned something the answer type cannot hold (a list with a cycle...).
struct Unencodable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr std::size_t MAX_NODES = 1000000;

// ---- reading: a pull parser over the job's JSON text, straight into typed values ----------

class Reader {
public:
    Reader(const char* begin, const char* end) : p_(begin), end_(end) {}
    char peek();                // the next non-space character, not consumed ('\0' at the end)
    void expect(char c);        // consume c or throw BadInput
    bool maybe(char c);         // consume c if it is next
    bool null();                // consume `null` if it is next
    long long integer();
    double number();
    bool boolean();
    std::string string();
    void skip();                // any one value
    const char* pos() const { return p_; }

private:
    void ws();
    [[noreturn]] void fail(const char* what);
    const char* p_;
    const char* end_;
};

inline void read(Reader& r, int& v) {
    long long x = r.integer();
    if (x < INT_MIN || x > INT_MAX) throw BadInput("an int argument is out of the int range");
    v = static_cast<int>(x);
}
inline void read(Reader& r, long& v) { v = r.integer(); }
inline void read(Reader& r, long long& v) { v = r.integer(); }
inline void read(Reader& r, unsigned& v) { v = static_cast<unsigned>(r.integer()); }
inline void read(Reader& r, double& v) { v = r.number(); }
inline void read(Reader& r, float& v) { v = static_cast<float>(r.number()); }
inline void read(Reader& r, bool& v) { v = r.boolean(); }
inline void read(Reader& r, std::string& v) { v = r.string(); }
void read(Reader& r, char& v);  // a one-character string: LeetCode's char grids

template <class T, class A>
void read(Reader& r, std::vector<T, A>& v) {
    r.expect('[');
    v.clear();
    if (r.maybe(']')) return;
    do {
        T x{};
        read(r, x);
        v.push_back(std::move(x));
    } while (r.maybe(','));
    r.expect(']');
}

// A level-order tree, or the values of a list: ints and nulls.
struct MaybeInt {
    bool present = false;
    int value = 0;
};
void read(Reader& r, MaybeInt& v);

// ---- writing: JSON text, in the bank's encodings -------------------------------------------

class Writer {
public:
    std::string out;
    void null() { out += "null"; }
    void boolean(bool b) { out += b ? "true" : "false"; }
    void integer(long long v);
    void uinteger(unsigned long long v);
    void number(double v);  // throws Unencodable for inf and nan
    void string(const char* s, std::size_t n);
    void string(const std::string& s) { string(s.data(), s.size()); }
    void open() { out += '['; }
    void close() { out += ']'; }
    void comma() { out += ','; }
};

inline void write(Writer& w, bool v) { w.boolean(v); }
inline void write(Writer& w, char v) { w.string(&v, 1); }
inline void write(Writer& w, signed char v) { w.integer(v); }
inline void write(Writer& w, unsigned char v) { w.uinteger(v); }
inline void write(Writer& w, short v) { w.integer(v); }
inline void write(Writer& w, unsigned short v) { w.uinteger(v); }
inline void write(Writer& w, int v) { w.integer(v); }
inline void write(Writer& w, unsigned v) { w.uinteger(v); }
inline void write(Writer& w, long v) { w.integer(v); }
inline void write(Writer& w, unsigned long v) { w.uinteger(v); }
inline void write(Writer& w, long long v) { w.integer(v); }
inline void write(Writer& w, unsigned long long v) { w.uinteger(v); }
inline void write(Writer& w, double v) { w.number(v); }
inline void write(Writer& w, float v) { w.number(v); }
inline void write(Writer& w, long double v) { w.number(static_cast<double>(v)); }
inline void write(Writer& w, const std::string& v) { w.string(v); }
inline void write(Writer& w, std::string_view v) { w.string(v.data(), v.size()); }
inline void write(Writer& w, const char* v) {
    if (v) w.string(v, std::strlen(v)); else w.null();
}
inline void write(Writer& w, std::nullptr_t) { w.null(); }
void write(Writer& w, const std::vector<bool>& v);

template <class T>
void write(Writer& w, const std::optional<T>& v);
template <class A, class B>
void write(Writer& w, const std::pair<A, B>& v);
template <class... T>
void write(Writer& w, const std::tuple<T...>& v);

template <class It>
void write_range(Writer& w, It first, It last) {
    w.open();
    for (It it = first; it != last; ++it) {
        if (it != first) w.comma();
        write(w, *it);
    }
    w.close();
}

// Sets come out sorted by their JSON text, as the Python harness does, so order never matters.
template <class It>
void write_sorted(Writer& w, It first, It last) {
    std::vector<std::string> items;
    for (It it = first; it != last; ++it) {
        Writer one;
        write(one, *it);
        items.push_back(std::move(one.out));
    }
    std::sort(items.begin(), items.end());
    w.open();
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) w.comma();
        w.out += items[i];
    }
    w.close();
}

template <class T, class A>
void write(Writer& w, const std::vector<T, A>& v) { write_range(w, v.begin(), v.end()); }
template <class T, class A>
void write(Writer& w, const std::deque<T, A>& v) { write_range(w, v.begin(), v.end()); }
template <class T, class A>
void write(Writer& w, const std::list<T, A>& v) { write_range(w, v.begin(), v.end()); }
template <class T, std::size_t N>
void write(Writer& w, const std::array<T, N>& v) { write_range(w, v.begin(), v.end()); }
template <class T, class C, class A>
void write(Writer& w, const std::set<T, C, A>& v) { write_sorted(w, v.begin(), v.end()); }
template <class T, class C, class A>
void write(Writer& w, const std::multiset<T, C, A>& v) { write_sorted(w, v.begin(), v.end()); }
template <class T, class H, class E, class A>
void write(Writer& w, const std::unordered_set<T, H, E, A>& v) { write_sorted(w, v.begin(), v.end()); }
template <class T>
void write(Writer& w, const std::optional<T>& v) {
    if (v) write(w, *v); else w.null();
}
template <class A, class B>
void write(Writer& w, const std::pair<A, B>& v) {
    w.open();
    write(w, v.first);
    w.comma();
    write(w, v.second);
    w.close();
}
template <class... T>
void write(Writer& w, const std::tuple<T...>& v) {
    w.open();
    std::size_t k = 0;
    std::apply([&](const auto&... x) { ((k++ ? w.comma() : void(), write(w, x)), ...); }, v);
    w.close();
}
template <class T>
void write(Writer&, T* const&) {
    static_assert(sizeof(T) == 0, "viva: a pointer is not a valid answer here; check the return type");
}
template <class T>
void write(Writer&, const T&) {
    static_assert(sizeof(T) == 0, "viva: this return type cannot be judged; return what the problem asks for");
}

// ---- one test's outcome, and the driver's entry point ----------------------------------------

struct Outcome {
    Writer actual;          // the answer, already JSON
    double ms = 0;          // the candidate's call, timed
    long long calls = -1;   // first bad version: isBadVersion calls
};

class Clock {
public:
    Clock() : start_(std::chrono::steady_clock::now()) {}
    double ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    std::chrono::steady_clock::time_point start_;
};

}  // namespace viva

// Defined by the generated driver, after the candidate's code: read one test's args, run it.
void viva_case(viva::Reader& viva_in, viva::Outcome& viva_out);

#endif

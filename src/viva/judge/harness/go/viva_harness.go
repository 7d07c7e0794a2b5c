// viva's Go test harness: the part every problem shares. It runs inside the sandbox, compiled
// into one program (package main) with the candidate's solution.go and the main.go generated
// for the problem (see viva/judge/languages/go.py).
//
// It never sees expected answers: it calls the candidate's code on each test's inputs and writes
// the actual results, one JSON line per test prefixed by the job's nonce, to fd 3. Every name
// here starts with vivaHarness so that none can collide with the candidate's.

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
)

const vivaHarnessMaxNodes = 1_000_000

type vivaHarnessJob struct {
	Nonce     string `json:"nonce"`
	Kind      string `json:"kind"`
	Entry     string `json:"entry"`
	OutputArg *int   `json:"output_arg"`
	Tests     []struct {
		Args []interface{} `json:"args"`
	} `json:"tests"`
}

// A panic with this value fails the test as a wrong answer: the candidate returned something the
// answer's type cannot hold (a cycle, nodes shared with the input).
type vivaHarnessUnencodable struct{ msg string }

// One test's result, as its callback fills it in.
type vivaHarnessRecord struct {
	actual  []byte
	calls   int
	hasCall bool
	start   time.Time
	elapsed time.Duration
	timing  bool
}

// The clock runs around the candidate's own calls only (and the encoding of what they return).
func (r *vivaHarnessRecord) startClock() {
	r.timing = true
	r.start = time.Now()
}

func (r *vivaHarnessRecord) stopClock() {
	if r.timing {
		r.elapsed += time.Since(r.start)
		r.timing = false
	}
}

var vivaHarnessResults = os.NewFile(3, "viva-results")

func vivaHarnessEmit(nonce string, record map[string]interface{}) {
	line, err := json.Marshal(record)
	if err != nil {
		line = []byte(`{"load_error": "the harness could not encode a record"}`)
	}
	out := make([]byte, 0, len(nonce)+len(line)+1)
	out = append(append(append(out, nonce...), line...), '\n')
	vivaHarnessResults.Write(out)
}

// vivaHarnessMain runs every test of the job through run, the problem's generated callback.
func vivaHarnessMain(run func(args []interface{}, rec *vivaHarnessRecord)) {
	if len(os.Args) > 1 {
		if mb, err := strconv.Atoi(os.Args[1]); err == nil && mb > 0 {
			// The cgroup holds memory hard; this makes the collector work to stay under it first.
			debug.SetMemoryLimit(int64(mb) << 20)
			// Deep recursion is legitimate; Go's own 1 GB stack cap is past the memory limit,
			// so a runaway recursion would die as out of memory rather than as a stack overflow.
			stack := mb << 20 / 2
			if stack < 32<<20 {
				stack = 32 << 20
			}
			debug.SetMaxStack(stack)
		}
	}
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "viva harness: cannot read the job:", err)
		os.Exit(70)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var job vivaHarnessJob
	if err := dec.Decode(&job); err != nil {
		fmt.Fprintln(os.Stderr, "viva harness: bad job:", err)
		os.Exit(70)
	}
	raw = nil
	for i, test := range job.Tests {
		record := vivaHarnessRunOne(i, test.Args, run)
		vivaHarnessEmit(job.Nonce, record)
	}
}

func vivaHarnessRunOne(i int, args []interface{}, run func([]interface{}, *vivaHarnessRecord)) (record map[string]interface{}) {
	rec := &vivaHarnessRecord{}
	defer func() {
		rec.stopClock()
		if p := recover(); p != nil {
			if u, ok := p.(vivaHarnessUnencodable); ok {
				record = map[string]interface{}{"i": i, "wrong": u.msg}
			} else {
				record = vivaHarnessFailure(i, p)
			}
		}
		record["ms"] = math.Round(float64(rec.elapsed.Nanoseconds())/1e3) / 1e3
	}()
	run(args, rec)
	record = map[string]interface{}{"i": i, "actual": json.RawMessage(rec.actual)}
	if rec.hasCall {
		record["calls"] = rec.calls
	}
	return record
}

// vivaHarnessFailure describes a recovered panic: called from the deferred function, whose
// stack still holds the panicking frames, so the candidate's innermost line can be found.
func vivaHarnessFailure(i int, p interface{}) map[string]interface{} {
	kind, message := "panic", fmt.Sprint(p)
	switch e := p.(type) {
	case runtime.Error:
		kind = "runtime.Error"
		message = strings.TrimPrefix(e.Error(), "runtime error: ")
	case error:
		message = e.Error()
	}
	pcs := make([]uintptr, 256)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var line interface{}
	var where []string
	for {
		f, more := frames.Next()
		if strings.HasSuffix(f.File, "/solution.go") || f.File == "solution.go" {
			if line == nil {
				line = f.Line
			}
			if len(where) < 8 {
				where = append(where, fmt.Sprintf("%s\n\tsolution.go:%d", strings.TrimPrefix(f.Function, "main."), f.Line))
			}
		}
		if !more {
			break
		}
	}
	text := "panic: " + fmt.Sprint(p)
	if e, ok := p.(error); ok {
		text = "panic: " + e.Error()
	}
	if len(where) > 0 {
		text += "\n\n" + strings.Join(where, "\n")
	}
	if len(text) > 4000 {
		text = text[:4000]
	}
	first := strings.SplitN(strings.TrimSpace(message), "\n", 2)[0]
	if len(first) > 200 {
		first = first[:200]
	}
	return map[string]interface{}{"i": i, "error": text, "cause": map[string]interface{}{
		"kind": kind, "message": first, "line": line}}
}

// ---- building inputs: JSON values (numbers as json.Number) into Go's types ----------------

func vivaHarnessInt(v interface{}) int {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return int(n)
		}
		f, _ := x.Float64()
		return int(f)
	case float64:
		return int(x)
	case bool:
		if x {
			return 1
		}
		return 0
	case nil:
		return 0
	}
	panic(fmt.Sprintf("viva harness: %v is not an integer", v))
}

func vivaHarnessFloat(v interface{}) float64 {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case float64:
		return x
	case nil:
		return 0
	}
	panic(fmt.Sprintf("viva harness: %v is not a number", v))
}

func vivaHarnessByte(v interface{}) byte {
	if s, ok := v.(string); ok && len(s) > 0 {
		return s[0]
	}
	return byte(vivaHarnessInt(v))
}

func vivaHarnessList(v interface{}) []interface{} {
	xs, _ := v.([]interface{})
	return xs
}

func vivaHarnessString(v interface{}) string {
	s, _ := v.(string)
	return s
}

func vivaHarnessBool(v interface{}) bool {
	b, _ := v.(bool)
	return b
}

func vivaHarnessInts(v interface{}) []int {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessInt(x)
	}
	return out
}

func vivaHarnessInts2(v interface{}) [][]int {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([][]int, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessInts(x)
	}
	return out
}

func vivaHarnessFloats(v interface{}) []float64 {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessFloat(x)
	}
	return out
}

func vivaHarnessBools(v interface{}) []bool {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([]bool, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessBool(x)
	}
	return out
}

func vivaHarnessStrings(v interface{}) []string {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessString(x)
	}
	return out
}

func vivaHarnessStrings2(v interface{}) [][]string {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([][]string, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessStrings(x)
	}
	return out
}

// Characters: LeetCode's Go takes a grid of "1"/"0" or letters as [][]byte.
func vivaHarnessBytes(v interface{}) []byte {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([]byte, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessByte(x)
	}
	return out
}

func vivaHarnessBytes2(v interface{}) [][]byte {
	if v == nil {
		return nil
	}
	xs := vivaHarnessList(v)
	out := make([][]byte, len(xs))
	for i, x := range xs {
		out[i] = vivaHarnessBytes(x)
	}
	return out
}

// vivaHarnessDecode builds any other type through encoding/json: out points at the variable.
func vivaHarnessDecode(v interface{}, out interface{}) {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		panic(fmt.Sprintf("viva harness: cannot build a %T from %s: %v", out, b, err))
	}
}

// ---- encoding results in the bank's JSON ----------------------------------------------------

func vivaHarnessEncode(v interface{}) []byte {
	var b bytes.Buffer
	vivaHarnessEncodeValue(&b, reflect.ValueOf(v), 0)
	return b.Bytes()
}

func vivaHarnessEncodeString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s)
	b.Write(enc)
}

func vivaHarnessEncodeValue(b *bytes.Buffer, v reflect.Value, depth int) {
	if depth > 64 {
		panic(vivaHarnessUnencodable{"the returned value is nested too deeply"})
	}
	if !v.IsValid() {
		b.WriteString("null")
		return
	}
	if v.Type() == vivaHarnessRawType { // already encoded (a design test's answers)
		b.Write(v.Bytes())
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint8: // a byte is a character, as LeetCode shows [][]byte grids
		vivaHarnessEncodeString(b, string([]byte{byte(v.Uint())}))
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			panic(vivaHarnessUnencodable{fmt.Sprintf("returned %v, which is not a valid answer here", f)})
		}
		b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	case reflect.String:
		vivaHarnessEncodeString(b, v.String())
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			vivaHarnessEncodeValue(b, v.Index(i), depth+1)
		}
		b.WriteByte(']')
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("null")
			return
		}
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			panic(vivaHarnessUnencodable{fmt.Sprintf("returned a %s, which is not a valid answer here", v.Type())})
		}
		vivaHarnessEncodeValue(b, v.Elem(), depth+1)
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = fmt.Sprint(k.Interface())
		}
		order := make([]int, len(keys))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(x, y int) bool { return names[order[x]] < names[order[y]] })
		b.WriteByte('{')
		for n, i := range order {
			if n > 0 {
				b.WriteByte(',')
			}
			vivaHarnessEncodeString(b, names[i])
			b.WriteByte(':')
			vivaHarnessEncodeValue(b, v.MapIndex(keys[i]), depth+1)
		}
		b.WriteByte('}')
	default:
		panic(vivaHarnessUnencodable{fmt.Sprintf("returned a %s, which is not a valid answer here", v.Type())})
	}
}

var vivaHarnessNull = []byte("null")

// Appending one answer of a design test to the answers so far, without reflection when the
// type is known.
func vivaHarnessAppendInt(b []byte, v int) []byte { return strconv.AppendInt(b, int64(v), 10) }

func vivaHarnessAppendBool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

func vivaHarnessAppendString(b []byte, v string) []byte {
	enc, _ := json.Marshal(v)
	return append(b, enc...)
}

func vivaHarnessAppendValue(b []byte, v interface{}) []byte { return append(b, vivaHarnessEncode(v)...) }

var vivaHarnessRawType = reflect.TypeOf(json.RawMessage(nil))

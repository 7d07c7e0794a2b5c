import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

// A small JSON reader and writer: the harness's only format, no third-party jars. Numbers read as
// Long (Double when they have a fraction or exponent, BigInteger past a long), arrays as
// ArrayList, objects as LinkedHashMap.
final class VivaJson {
    private final String s;
    private int p;

    private VivaJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        VivaJson j = new VivaJson(text);
        j.ws();
        Object v = j.value();
        j.ws();
        if (j.p != j.s.length()) throw j.error("trailing characters");
        return v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at " + p + ": " + what);
    }

    private void ws() {
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
            p++;
        }
    }

    private Object value() {
        if (p >= s.length()) throw error("unexpected end");
        char c = s.charAt(p);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default: return number();
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, p)) throw error("unexpected character");
        p += word.length();
        return v;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        p++;
        ws();
        if (p < s.length() && s.charAt(p) == '}') {
            p++;
            return m;
        }
        while (true) {
            ws();
            if (p >= s.length() || s.charAt(p) != '"') throw error("expected a key");
            String k = string();
            ws();
            if (p >= s.length() || s.charAt(p) != ':') throw error("expected ':'");
            p++;
            ws();
            m.put(k, value());
            ws();
            if (p >= s.length()) throw error("unexpected end");
            char c = s.charAt(p++);
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> array() {
        List<Object> a = new ArrayList<>();
        p++;
        ws();
        if (p < s.length() && s.charAt(p) == ']') {
            p++;
            return a;
        }
        while (true) {
            ws();
            a.add(value());
            ws();
            if (p >= s.length()) throw error("unexpected end");
            char c = s.charAt(p++);
            if (c == ']') return a;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String string() {
        p++;
        int start = p;
        while (p < s.length()) {  // the common case: no escapes
            char c = s.charAt(p);
            if (c == '"') return s.substring(start, p++);
            if (c == '\\') break;
            p++;
        }
        StringBuilder b = new StringBuilder().append(s, start, p);
        while (p < s.length()) {
            char c = s.charAt(p++);
            if (c == '"') return b.toString();
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (p >= s.length()) break;
            char e = s.charAt(p++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (p + 4 > s.length()) throw error("bad \\u escape");
                    b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                    p += 4;
                    break;
                default: throw error("bad escape");
            }
        }
        throw error("unterminated string");
    }

    private Object number() {
        int start = p;
        boolean integral = true;
        while (p < s.length()) {
            char c = s.charAt(p);
            if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
                p++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                p++;
            } else {
                break;
            }
        }
        if (start == p) throw error("unexpected character");
        String t = s.substring(start, p);
        if (!integral) return Double.parseDouble(t);
        if (t.length() < 19) return Long.parseLong(t);
        BigInteger big = new BigInteger(t);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    // ---- writing --------------------------------------------------------------------------

    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String) {
            quote(b, (String) v);
        } else if (v instanceof Boolean) {
            b.append(((Boolean) v).booleanValue() ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            b.append(v.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new VivaWrong("returned " + d + ", which is not a valid answer");
            b.append(Double.toString(d));
        } else if (v instanceof BigDecimal) {
            b.append(v.toString());
        } else if (v instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object x : (List<?>) v) {
                if (!first) b.append(',');
                first = false;
                write(b, x);
            }
            b.append(']');
        } else if (v instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) b.append(',');
                first = false;
                quote(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else {
            throw new VivaWrong("returned a " + v.getClass().getSimpleName() + ", which is not a valid answer here");
        }
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || lone) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }
}

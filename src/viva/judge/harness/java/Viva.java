import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

// Values: the bank's JSON into LeetCode's Java types (int[], char[][], List<List<Integer>>...), and
// whatever the candidate returns back into JSON data. Linked lists, trees and graphs have classes
// of their own (VivaLists, VivaTrees, VivaGraphs), loaded only by the problems that use them, so a
// candidate's own `class Node` elsewhere never meets the graph problems' Node.
public final class Viva {
    private Viva() {}

    static IllegalArgumentException bad(String type, Object o) {
        String shown = String.valueOf(o);
        if (shown.length() > 60) shown = shown.substring(0, 60) + "...";
        return new IllegalArgumentException("the judge cannot pass " + shown + " as " + type);
    }

    // ---- scalars ----

    public static int i(Object o) {
        if (o instanceof Long) {
            long v = (Long) o;
            if (v == (int) v) return (int) v;
        } else if (o instanceof Double && ((Double) o) == Math.rint((Double) o) && Math.abs((Double) o) <= Integer.MAX_VALUE) {
            return (int) (double) (Double) o;
        }
        throw bad("int", o);
    }

    public static long l(Object o) {
        if (o instanceof Long) return (Long) o;
        if (o instanceof Double && ((Double) o) == Math.rint((Double) o)) return (long) (double) (Double) o;
        throw bad("long", o);
    }

    public static double d(Object o) {
        if (o instanceof Number) return ((Number) o).doubleValue();
        throw bad("double", o);
    }

    public static boolean b(Object o) {
        if (o instanceof Boolean) return (Boolean) o;
        throw bad("boolean", o);
    }

    public static String s(Object o) {
        if (o == null || o instanceof String) return (String) o;
        throw bad("String", o);
    }

    public static char c(Object o) {
        if (o instanceof String && ((String) o).length() == 1) return ((String) o).charAt(0);
        throw bad("char", o);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        if (o instanceof List) return (List<Object>) o;
        throw bad("an array", o);
    }

    // ---- arrays ----

    public static int[] ia(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        int[] out = new int[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = i(a.get(k));
        return out;
    }

    public static long[] la(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        long[] out = new long[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = l(a.get(k));
        return out;
    }

    public static double[] da(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        double[] out = new double[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = d(a.get(k));
        return out;
    }

    public static boolean[] ba(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        boolean[] out = new boolean[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = b(a.get(k));
        return out;
    }

    public static char[] ca(Object o) {
        if (o == null) return null;
        if (o instanceof String) return ((String) o).toCharArray();
        List<Object> a = list(o);
        char[] out = new char[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = c(a.get(k));
        return out;
    }

    public static String[] sa(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        String[] out = new String[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = s(a.get(k));
        return out;
    }

    public static int[][] iaa(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        int[][] out = new int[a.size()][];
        for (int k = 0; k < out.length; k++) out[k] = ia(a.get(k));
        return out;
    }

    public static long[][] laa(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        long[][] out = new long[a.size()][];
        for (int k = 0; k < out.length; k++) out[k] = la(a.get(k));
        return out;
    }

    public static double[][] daa(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        double[][] out = new double[a.size()][];
        for (int k = 0; k < out.length; k++) out[k] = da(a.get(k));
        return out;
    }

    public static char[][] caa(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        char[][] out = new char[a.size()][];
        for (int k = 0; k < out.length; k++) out[k] = ca(a.get(k));
        return out;
    }

    public static String[][] saa(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        String[][] out = new String[a.size()][];
        for (int k = 0; k < out.length; k++) out[k] = sa(a.get(k));
        return out;
    }

    // ---- lists (mutable, as LeetCode passes them) ----

    public static List<Integer> il(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<Integer> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(x == null ? null : i(x));
        return out;
    }

    public static List<Long> ll(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<Long> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(x == null ? null : l(x));
        return out;
    }

    public static List<Double> dl(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<Double> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(x == null ? null : d(x));
        return out;
    }

    public static List<Boolean> bl(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<Boolean> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(x == null ? null : b(x));
        return out;
    }

    public static List<String> sl(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<String> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(s(x));
        return out;
    }

    public static List<Character> cl(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<Character> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(x == null ? null : c(x));
        return out;
    }

    public static List<List<Integer>> ill(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<List<Integer>> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(il(x));
        return out;
    }

    public static List<List<String>> sll(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<List<String>> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(sl(x));
        return out;
    }

    public static List<int[]> ial(Object o) {
        if (o == null) return null;
        List<Object> a = list(o);
        List<int[]> out = new ArrayList<>(a.size());
        for (Object x : a) out.add(ia(x));
        return out;
    }

    // ---- results ----

    /** What the candidate returned, as JSON data; anything else is a wrong answer. */
    public static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof BigInteger) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Character) return String.valueOf((char) (Character) v);
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new VivaWrong("returned " + d + ", which is not a valid answer");
            return d;
        }
        if (v instanceof BigDecimal) return plain(((BigDecimal) v).doubleValue());
        if (v instanceof int[]) {
            int[] a = (int[]) v;
            List<Object> out = new ArrayList<>(a.length);
            for (int x : a) out.add((long) x);
            return out;
        }
        if (v instanceof long[]) {
            long[] a = (long[]) v;
            List<Object> out = new ArrayList<>(a.length);
            for (long x : a) out.add(x);
            return out;
        }
        if (v instanceof double[]) {
            double[] a = (double[]) v;
            List<Object> out = new ArrayList<>(a.length);
            for (double x : a) out.add(plain(x));
            return out;
        }
        if (v instanceof boolean[]) {
            boolean[] a = (boolean[]) v;
            List<Object> out = new ArrayList<>(a.length);
            for (boolean x : a) out.add(x);
            return out;
        }
        if (v instanceof char[]) {
            char[] a = (char[]) v;
            List<Object> out = new ArrayList<>(a.length);
            for (char x : a) out.add(String.valueOf(x));
            return out;
        }
        if (v instanceof short[] || v instanceof byte[] || v instanceof float[]) {
            int n = java.lang.reflect.Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) out.add(plain(java.lang.reflect.Array.get(v, k)));
            return out;
        }
        if (v instanceof Object[]) {
            Object[] a = (Object[]) v;
            List<Object> out = new ArrayList<>(a.length);
            for (Object x : a) out.add(plain(x));
            return out;
        }
        if (v instanceof Set) {
            List<Object> out = new ArrayList<>();
            for (Object x : (Set<?>) v) out.add(plain(x));
            out.sort((a, b) -> VivaJson.write(a).compareTo(VivaJson.write(b)));
            return out;
        }
        if (v instanceof Iterable) {
            List<Object> out = v instanceof Collection ? new ArrayList<>(((Collection<?>) v).size()) : new ArrayList<>();
            for (Object x : (Iterable<?>) v) out.add(plain(x));
            return out;
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            return out;
        }
        String name = v.getClass().getSimpleName();
        throw new VivaWrong("returned a " + (name.isEmpty() ? v.getClass().getName() : name) + ", which is not a valid answer here");
    }
}

// First Bad Version: LeetCode's `public class Solution extends VersionControl`. The harness sets
// the first bad version before each test and reads how many times isBadVersion was called.
public class VersionControl {
    private static int vivaBad = Integer.MAX_VALUE;
    private static long vivaCalls;

    public boolean isBadVersion(int version) {
        vivaCalls++;
        return version >= vivaBad;
    }

    static void vivaReset(int bad) {
        vivaBad = bad;
        vivaCalls = 0;
    }

    static long vivaCalls() {
        return vivaCalls;
    }
}

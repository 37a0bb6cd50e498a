package io.sparkplane.controlplane.run;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as Spark writes them ({@code 512m}, {@code 2g}), to MiB and back. Pure. */
public final class SparkMemory {

    private static final Pattern SIZE = Pattern.compile("^([1-9][0-9]{0,6})([mMgG])$");

    private SparkMemory() {}

    /** The size in MiB, or empty when {@code text} is not {@code <digits>m} or {@code <digits>g}. */
    public static Optional<Integer> mib(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        long mib = matcher.group(2).toLowerCase(Locale.ROOT).equals("g") ? amount * 1024 : amount;
        return Optional.of((int) Math.min(Integer.MAX_VALUE, mib));
    }

    /** The shortest spelling: whole GiB as {@code <n>g}, else {@code <n>m}. */
    public static String format(int mib) {
        return mib % 1024 == 0 ? mib / 1024 + "g" : mib + "m";
    }
}

package io.sparkplane.controlplane.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4, what /q/metrics serves
 * by default): every line a HELP, a TYPE, or a sample of the family typed before it, with valid
 * metric and label names, escaped label values, a number, no series twice, and each histogram's
 * buckets cumulative up to {@code +Inf}, which equals its count. A malformed line is an
 * {@link IllegalArgumentException} naming it. Test code: it reads what the control plane wrote.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    /** A family's own series, and Micrometer's long task timers' (a summary with _active_count and _duration_sum). */
    private static final Set<String> SUFFIXES = Set.of("", "_total", "_created", "_bucket", "_count", "_sum", "_active_count", "_duration_sum");

    record Sample(String name, Map<String, String> labels, double value) {}

    record Family(String name, String type, List<Sample> samples) {}

    private PrometheusText() {}

    /** The families by name, in the order written. */
    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> series = new java.util.HashSet<>();
        Family current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher matcher;
            if (line.startsWith("# HELP ")) {
                require(HELP.matcher(line).matches(), number, line);
            } else if ((matcher = TYPE.matcher(line)).matches()) {
                require(!families.containsKey(matcher.group(1)), number, "a second TYPE for " + matcher.group(1));
                current = new Family(matcher.group(1), matcher.group(2), new ArrayList<>());
                families.put(current.name(), current);
            } else if (line.startsWith("#")) {
                continue;
            } else {
                require((matcher = SAMPLE.matcher(line)).matches(), number, line);
                String name = matcher.group(1);
                require(current != null && name.startsWith(current.name())
                        && SUFFIXES.contains(name.substring(current.name().length())), number, "a sample outside its family: " + line);
                Map<String, String> labels = labels(matcher.group(3) == null ? "" : matcher.group(3), number, line);
                require(series.add(name + labels), number, "a series written twice: " + line);
                current.samples().add(new Sample(name, labels, number(matcher.group(4), number, line)));
            }
        }
        families.values().stream().filter(family -> family.type().equals("histogram")).forEach(PrometheusText::checkHistogram);
        return families;
    }

    private static Map<String, String> labels(String text, int number, String line) {
        Map<String, String> labels = new TreeMap<>();
        Matcher matcher = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            require(matcher.find(at) && matcher.start() == at, number, "a bad label in " + line);
            require(labels.put(matcher.group(1), unescape(matcher.group(2))) == null, number, "a label given twice in " + line);
            at = matcher.end();
        }
        return labels;
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static double number(String text, int number, String line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + number + ": not a number: " + line);
                }
        }
    }

    /** Per series: the buckets' counts never fall, the last is le="+Inf", and it equals the series' count. */
    private static void checkHistogram(Family family) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample sample : family.samples()) {
            if (sample.name().endsWith("_bucket")) {
                Map<String, String> series = new TreeMap<>(sample.labels());
                require(series.remove("le") != null, 0, "a bucket without le in " + family.name());
                buckets.computeIfAbsent(series, key -> new ArrayList<>()).add(sample);
            } else if (sample.name().endsWith("_count")) {
                counts.put(sample.labels(), sample.value());
            }
        }
        buckets.forEach((series, samples) -> {
            double previous = 0;
            for (Sample bucket : samples) {
                require(bucket.value() >= previous, 0, family.name() + series + " buckets fall at le=" + bucket.labels().get("le"));
                previous = bucket.value();
            }
            Sample last = samples.get(samples.size() - 1);
            require(last.labels().get("le").equals("+Inf"), 0, family.name() + series + " has no +Inf bucket");
            require(Double.valueOf(last.value()).equals(counts.get(series)), 0, family.name() + series + " +Inf bucket is not its count");
        });
    }

    private static void require(boolean holds, int line, String what) {
        if (!holds) {
            throw new IllegalArgumentException((line > 0 ? "line " + line + ": " : "") + what);
        }
    }
}

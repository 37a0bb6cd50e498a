package io.sparkplane.listener;

import io.sparkplane.listener.BacklogReport.StageBacklog;

/**
 * Writes a {@link BacklogReport} as the JSON of the contract's {@code BacklogReport} schema. By hand,
 * because the listener runs inside the user's driver and must not bring (or depend on the version
 * of) a JSON library there.
 */
public final class BacklogJson {

    private BacklogJson() {}

    public static String encode(BacklogReport report) {
        StringBuilder json = new StringBuilder(256 + 160 * report.stages().size());
        json.append("{\"at\":");
        string(json, report.at().toString());
        json.append(",\"pendingTasks\":").append(report.pendingTasks())
                .append(",\"runningTasks\":").append(report.runningTasks())
                .append(",\"completedTasks\":").append(report.completedTasks())
                .append(",\"failedTasks\":").append(report.failedTasks())
                .append(",\"executorsAlive\":").append(report.executorsAlive())
                .append(",\"executorsBusy\":").append(report.executorsBusy());
        if (report.meanTaskMillis() != null) {
            json.append(",\"meanTaskMillis\":").append(report.meanTaskMillis());
        }
        json.append(",\"stages\":[");
        for (int i = 0; i < report.stages().size(); i++) {
            StageBacklog stage = report.stages().get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"stageId\":").append(stage.stageId())
                    .append(",\"stageAttempt\":").append(stage.stageAttempt())
                    .append(",\"name\":");
            string(json, stage.name());
            json.append(",\"numTasks\":").append(stage.numTasks())
                    .append(",\"pendingTasks\":").append(stage.pendingTasks())
                    .append(",\"runningTasks\":").append(stage.runningTasks())
                    .append(",\"completedTasks\":").append(stage.completedTasks())
                    .append('}');
        }
        return json.append("]}").toString();
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}

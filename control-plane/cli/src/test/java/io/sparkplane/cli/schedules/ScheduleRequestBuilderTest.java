package io.sparkplane.cli.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The bodies {@code schedules create} and {@code schedules update} build are bodies the contract
 * takes, and options that cannot go together are usage errors before anything is sent. Each case is a
 * command line, parsed by the command itself.
 */
class ScheduleRequestBuilderTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f";

    static Stream<Arguments> creates() {
        return Stream.of(
                Arguments.of("--cron, @daily", "{\"cron\":\"@daily\",\"job\":\"" + JOB + "\"}"),
                Arguments.of("--cron, 30 2 * * *, --time-zone, Europe/Berlin, --paused",
                        "{\"cron\":\"30 2 * * *\",\"timeZone\":\"Europe/Berlin\",\"paused\":true,\"job\":\"" + JOB + "\"}"),
                Arguments.of("--interval, 15m, --start-at, 2026-12-01T00:00:00Z, --param, region=emea, --param, date=x",
                        "{\"interval\":\"PT15M\",\"startAt\":\"2026-12-01T00:00:00Z\",\"parameters\":{\"date\":\"x\",\"region\":\"emea\"},\"job\":\"" + JOB + "\"}"),
                Arguments.of("--interval, P1D, --catch-up, all, --max-catch-up-runs, 3, --description, nightly",
                        "{\"interval\":\"P1D\",\"catchUp\":\"ALL\",\"maxCatchUpRuns\":3,\"description\":\"nightly\",\"job\":\"" + JOB + "\"}"),
                Arguments.of("--cron, @hourly, --catch-up, NONE", "{\"cron\":\"@hourly\",\"catchUp\":\"NONE\",\"job\":\"" + JOB + "\"}"));
    }

    @ParameterizedTest
    @MethodSource("creates")
    void createMakesTheBody(String commandLine, String body) throws Exception {
        String sent = JSON.writeValueAsString(ScheduleRequestBuilder.create(options(commandLine), () -> JOB));
        assertThat(sent).isEqualTo(body);
        CONTRACT.assertRequestBody("POST", "/api/v1/schedules", sent);
    }

    static Stream<Arguments> refusedCreates() {
        return Stream.of(
                Arguments.of("--param, a=b", "when should it run?"),
                Arguments.of("--cron, @daily, --interval, 1h", "--cron and --interval exclude each other"),
                Arguments.of("--interval, 1h, --time-zone, Europe/Berlin", "--time-zone is for a --cron schedule"),
                Arguments.of("--cron, @daily, --start-at, 2026-12-01T00:00:00Z", "--start-at is for an --interval schedule"),
                Arguments.of("--cron, @daily, --max-catch-up-runs, 3", "--max-catch-up-runs is for --catch-up ALL"),
                Arguments.of("--interval, soon", "--interval: 'soon' is not a duration"));
    }

    @ParameterizedTest
    @MethodSource("refusedCreates")
    void createRefusesWhatCannotGoTogetherWithoutAskingForTheJob(String commandLine, String message) {
        assertThatThrownBy(() -> ScheduleRequestBuilder.create(options(commandLine), () -> {
            throw new AssertionError("the job was looked up before the options were checked");
        })).isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining(message);
    }

    private static final String CRON = """
            {"id": "11111111-2222-3333-4444-555555555555", "workspace": "default", "job": "%s", "cron": "30 2 * * *",
             "timeZone": "Europe/Berlin", "paused": true, "catchUp": "ALL", "maxCatchUpRuns": 5, "parameters": {"region": "emea", "date": "x"},
             "description": "nightly", "nextFireTimes": [], "lastFireTime": "2026-12-06T01:30:00Z",
             "lastRunId": "99999999-2222-3333-4444-555555555555", "createdAt": "2026-12-01T00:00:00Z", "updatedAt": "2026-12-01T00:00:00Z"}
            """.formatted(JOB);

    private static final String INTERVAL = """
            {"id": "11111111-2222-3333-4444-555555555555", "workspace": "default", "job": "%s", "interval": "PT15M",
             "startAt": "2026-12-01T00:00:00Z", "paused": false, "catchUp": "LAST", "parameters": {},
             "nextFireTimes": ["2026-12-07T10:15:00Z"], "createdAt": "2026-12-01T00:00:00Z", "updatedAt": "2026-12-01T00:00:00Z"}
            """.formatted(JOB);

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of(CRON, "--cron, 0 3 * * 1-5",
                        "{\"cron\":\"0 3 * * 1-5\",\"timeZone\":\"Europe/Berlin\",\"paused\":true,\"catchUp\":\"ALL\",\"maxCatchUpRuns\":5,"
                                + "\"parameters\":{\"region\":\"emea\",\"date\":\"x\"},\"description\":\"nightly\"}"),
                Arguments.of(CRON, "--interval, 1h, --catch-up, LAST, --remove-param, date, --param, region=apac, --description, none",
                        "{\"paused\":true,\"catchUp\":\"LAST\",\"parameters\":{\"region\":\"apac\"},\"interval\":\"PT1H\"}"),
                Arguments.of(INTERVAL, "--cron, @daily, --time-zone, America/New_York",
                        "{\"paused\":false,\"catchUp\":\"LAST\",\"parameters\":{},\"cron\":\"@daily\",\"timeZone\":\"America/New_York\"}"),
                Arguments.of(INTERVAL, "--start-at, 2027-01-01T00:00:00Z, --catch-up, ALL, --max-catch-up-runs, 2",
                        "{\"interval\":\"PT15M\",\"startAt\":\"2027-01-01T00:00:00Z\",\"paused\":false,\"catchUp\":\"ALL\",\"parameters\":{},"
                                + "\"maxCatchUpRuns\":2}"));
    }

    @ParameterizedTest
    @MethodSource("updates")
    void updateChangesWhatIsGivenAndKeepsTheRest(String current, String commandLine, String body) throws Exception {
        String sent = JSON.writeValueAsString(ScheduleRequestBuilder.update(JSON.readTree(current), updateOptions(commandLine)));
        assertThat(sent).isEqualTo(body);
        CONTRACT.assertRequestBody("PUT", "/api/v1/schedules/11111111-2222-3333-4444-555555555555", sent);
    }

    static Stream<Arguments> refusedUpdates() {
        return Stream.of(
                Arguments.of(CRON, "", "nothing to change"),
                Arguments.of(CRON, "--start-at, 2027-01-01T00:00:00Z", "--start-at is for an --interval schedule"),
                Arguments.of(INTERVAL, "--time-zone, UTC", "--time-zone is for a --cron schedule"),
                Arguments.of(INTERVAL, "--max-catch-up-runs, 3", "--max-catch-up-runs is for --catch-up ALL"),
                Arguments.of(CRON, "--cron, @daily, --interval, 1h", "exclude each other"));
    }

    @ParameterizedTest
    @MethodSource("refusedUpdates")
    void updateRefusesWhatCannotGoTogether(String current, String commandLine, String message) throws Exception {
        JsonNode schedule = JSON.readTree(current);
        assertThatThrownBy(() -> ScheduleRequestBuilder.update(schedule, updateOptions(commandLine)))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining(message);
    }

    /** The options of {@code schedules create --job JOB} and these arguments, separated by ", ", parsed by the command itself. */
    private static ScheduleOptions options(String arguments) {
        CreateScheduleCommand create = new CreateScheduleCommand();
        List<String> words = new ArrayList<>(List.of("--job", JOB));
        words.addAll(split(arguments));
        new CommandLine(create).parseArgs(words.toArray(String[]::new));
        return create.options(List.of(), create.paused);
    }

    /** The options of {@code schedules update SCHEDULE_ID} and these arguments, separated by ", ". */
    private static ScheduleOptions updateOptions(String arguments) {
        UpdateScheduleCommand update = new UpdateScheduleCommand();
        List<String> words = new ArrayList<>(List.of("11111111-2222-3333-4444-555555555555"));
        words.addAll(split(arguments));
        new CommandLine(update).parseArgs(words.toArray(String[]::new));
        return update.options(update.removed, false);
    }

    private static List<String> split(String arguments) {
        return arguments.isBlank() ? List.of() : List.of(arguments.split(", "));
    }
}

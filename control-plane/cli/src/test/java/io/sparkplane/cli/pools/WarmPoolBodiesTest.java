package io.sparkplane.cli.pools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.api.contract.OpenApiContract;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bodies warm-pools create and update send are ones the contract takes, and name a field's option when the server refuses it. */
class WarmPoolBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createTakesEveryOption() throws Exception {
        WarmPoolsCommand.Create create = new WarmPoolsCommand.Create();
        new CommandLine(create).parseArgs("etl-hot", "-w", "analytics", "--backend", "local", "--size", "2", "--idle-ttl", "PT10M",
                "--workers", "2", "--driver-cores", "2", "--driver-memory", "2g", "--executor-cores", "1", "--executor-memory", "3g");

        ObjectNode body = create.body();
        OpenApiContract.load().assertRequestBody("POST", "/api/v1/warm-pools", JSON.writeValueAsString(body));
        assertThat(body.path("name").asText()).isEqualTo("etl-hot");
        assertThat(body.at("/resources/driver/memory").asText()).isEqualTo("2g");
        assertThat(body.at("/resources/executor/cores").asInt()).isEqualTo(1);
    }

    @Test
    void createLeavesWhatIsNotGivenToTheServersDefaults() throws Exception {
        WarmPoolsCommand.Create create = new WarmPoolsCommand.Create();
        new CommandLine(create).parseArgs("small", "-w", "default", "--backend", "local");

        assertThat(JSON.writeValueAsString(create.body())).isEqualTo("{\"name\":\"small\",\"workspace\":\"default\",\"profile\":\"local\"}");
    }

    @Test
    void updateChangesOnlyTheOptionsGiven() throws Exception {
        WarmPoolsCommand.Update update = new WarmPoolsCommand.Update();
        new CommandLine(update).parseArgs("etl-hot", "--size", "3", "--executor-memory", "2g");
        ObjectNode current = (ObjectNode) JSON.readTree("{\"workspace\": \"analytics\", \"profile\": \"local\", \"size\": 1, \"idleTtl\": \"PT30M\","
                + " \"workers\": 1, \"resources\": {\"driver\": {\"cores\": 1, \"memory\": \"1g\"}, \"executor\": {\"cores\": 1, \"memory\": \"1g\"}}}");

        ObjectNode body = update.body(current);
        OpenApiContract.load().assertRequestBody("PUT", "/api/v1/warm-pools/etl-hot", JSON.writeValueAsString(body));
        assertThat(body.path("size").asInt()).isEqualTo(3);
        assertThat(body.at("/resources/executor/memory").asText()).isEqualTo("2g");
        assertThat(body.at("/resources/driver/memory").asText()).isEqualTo("1g");
        assertThat(current.path("size").asInt()).as("the pool as read is left as it was").isEqualTo(1);
        assertThat(update.optionFor("resources.executor.memory")).contains("--executor-memory");
    }
}

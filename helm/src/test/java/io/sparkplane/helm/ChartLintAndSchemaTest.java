package io.sparkplane.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code helm lint --strict} on the chart, and values.schema.json at work: Helm validates the values
 * against it before rendering, so a bad values file must fail the render and name the field.
 */
class ChartLintAndSchemaTest {

    @TempDir
    Path directory;

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult lint = SparkplaneChart.lintStrict();

        assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @Test
    void theAllOnValuesPassTheSchema() {
        // the render validates them; an empty output would mean they switched everything off
        assertThat(SparkplaneChart.renderAllOn()).contains("kind: Deployment");
    }

    @Test
    void theNotesRenderAndWarnAboutStagingInsideThePod() {
        String defaults = SparkplaneChart.installOutput(List.of());
        String allOn = SparkplaneChart.installOutput(List.of(SparkplaneChart.ALL_ON_VALUES));

        assertThat(defaults).contains("NOTES:", "kubectl -n sparkplane-system port-forward svc/sparkplane 8080:8080",
                "WARNING: staging.location is empty");
        assertThat(allOn).contains("NOTES:", "https://api.sparkplane.example.com", "password from Secret sparkplane-db key db-password",
                "workspace analytics in spark-analytics").doesNotContain("WARNING");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicaCount: two                                                  | replicaCount
            replicaCount: 0                                                    | replicaCount
            replicas: 2                                                        | replicas
            database: {password: hunter2}                                      | password
            database: {url: ''}                                                | url
            database: {url: 'jdbc:mysql://db:3306/sparkplane'}                 | url
            image: {pullPolicy: Sometimes}                                     | pullPolicy
            engine: {tolerations: ['pool=spark:Sometimes']}                    | tolerations
            engine: {namespaces: ['Spark_Jobs']}                               | namespaces
            engine: {sparkMasterPort: 70777}                                   | sparkMasterPort
            engine: {imagePullSecrets: [x]}                                    | imagePullSecrets
            staging: {location: 'ftp://files/sparkplane'}                      | location
            service: {port: '8080'}                                            | port
            podSecurityContext: {runAsUser: 0}                                 | runAsUser
            ingress: {hosts: [{host: a.example.com, paths: [{path: /, pathType: Anything}]}]} | pathType
            auth: {oidc: {groupRoles: ['data-eng=editor']}}                    | groupRoles
            auth: {oidc: {groupRoles: ['a,b=admin']}}                          | groupRoles
            auth: {oidc: {issuer: 'login.example.com'}}                        | issuer
            """)
    void refusesBadValuesNamingTheField(String values, String field) throws IOException {
        Path file = Files.writeString(directory.resolve("bad-values.yaml"), values + "\n");

        assertThatThrownBy(() -> SparkplaneChart.render(List.of(file), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(field);
    }

    @Test
    void aPasswordCannotBeGivenAsAValue() {
        // the schema is what keeps the password out of values, rendered manifests and helm history
        assertThatThrownBy(() -> SparkplaneChart.render(List.of(), Map.of("database.password", "hunter2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("password");
    }
}

package io.sparkplane.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The chart in {@code helm/sparkplane}, rendered by Helm's own code (helm-java runs Helm's Go
 * library in process), so values.schema.json is enforced exactly as {@code helm install} would.
 */
final class SparkplaneChart {

    /** Surefire runs in the module's directory. */
    static final Path DIRECTORY = Path.of("sparkplane");
    static final Path ALL_ON_VALUES = DIRECTORY.resolve("ci/all-on-values.yaml");
    static final String RELEASE = "sparkplane";
    static final String NAMESPACE = "sparkplane-system";

    private SparkplaneChart() {}

    /** {@code helm template} with the chart's defaults, the given values files in order, then the {@code --set}s. */
    static String render(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(DIRECTORY).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path valuesFile : valuesFiles) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    static String renderDefaults() {
        return render(List.of(), Map.of());
    }

    static String renderAllOn() {
        return render(List.of(ALL_ON_VALUES), Map.of());
    }

    static Manifests manifests(String rendered) {
        return new Manifests(new StrictKubernetesReader().readAll(rendered));
    }

    /** What {@code helm install --dry-run} prints, NOTES.txt included ({@code helm template} leaves the notes out); no cluster is asked. */
    static String installOutput(List<Path> valuesFiles) {
        InstallCommand install = new Helm(DIRECTORY).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly().dryRun();
        for (Path valuesFile : valuesFiles) {
            install = install.withValuesFile(valuesFile);
        }
        return install.call().getOutput();
    }

    static LintResult lintStrict() {
        return new Helm(DIRECTORY).lint().strict().call();
    }
}

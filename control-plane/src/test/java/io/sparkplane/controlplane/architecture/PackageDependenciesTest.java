package io.sparkplane.controlplane.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * How the control plane's packages depend on each other, checked on its compiled classes: arrows
 * point one way, and no package names a backend or store module.
 */
class PackageDependenciesTest {

    private static final JavaClasses CONTROL_PLANE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sparkplane.controlplane");

    @Test
    void noPackageCycles() {
        // staging, workspaces and uploads are one feature that shares its types (a workspace's staging
        // location, an upload's hash): one slice; every other package stands on its own
        slices().assignedFrom(new TopLevelPackages()).should().beFreeOfCycles().check(CONTROL_PLANE);
    }

    /** A slice per package under {@code io.sparkplane.controlplane}, staging, workspace and upload as one. */
    private static final class TopLevelPackages implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName().replaceFirst("^io\\.sparkplane\\.controlplane\\.?", "");
            String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            return SliceIdentifier.of(top.equals("workspace") || top.equals("upload") ? "staging" : top);
        }

        @Override
        public String getDescription() {
            return "the control plane's packages";
        }
    }

    @Test
    void theControlPlaneNamesNoBackendOrStore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.sparkplane.backend..", "io.sparkplane.store..")
                .because("backends and stores are plug-ins the control plane finds by their factories")
                .check(CONTROL_PLANE);
    }

    @Test
    void theDomainKnowsNoSurface() {
        noClasses().that().resideInAnyPackage("io.sparkplane.controlplane.run..", "io.sparkplane.controlplane.dispatch..",
                        "io.sparkplane.controlplane.cluster..", "io.sparkplane.controlplane.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sparkplane.controlplane.api..", "jakarta.ws.rs..")
                .because("the REST surface maps its own types to the domain's, not the other way")
                .check(CONTROL_PLANE);
    }
}

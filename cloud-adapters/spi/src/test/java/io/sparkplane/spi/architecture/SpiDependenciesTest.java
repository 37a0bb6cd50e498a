package io.sparkplane.spi.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SPI is what every plug-in and the control plane share: it names no SDK and no framework. */
class SpiDependenciesTest {

    private static final JavaClasses SPI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sparkplane.spi");

    @Test
    void theSpiDependsOnTheJdkAndJacksonOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.sparkplane.spi..", "com.fasterxml.jackson..")
                .check(SPI);
    }

    @Test
    void jacksonIsUsedInsideTheWireFormatsAndShownToNoOne() {
        noClasses().that().resideOutsideOfPackage("io.sparkplane.spi.launch..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(SPI);
        noMethods().that().arePublic()
                .should().haveRawReturnType(resideInAPackage("com.fasterxml.jackson.."))
                .orShould().haveRawParameterTypes(com.tngtech.archunit.base.DescribedPredicate.anyElementThat(resideInAPackage("com.fasterxml.jackson..")))
                .check(SPI);
    }
}

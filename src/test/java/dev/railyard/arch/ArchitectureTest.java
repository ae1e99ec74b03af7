package dev.railyard.arch;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.Driver;
import java.sql.DriverManager;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of the house that keep the engine usable without a screen and its connections in one place. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.railyard");
    }

    @Test
    void onlyTheUiDependsOnJavaFx() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackage("dev.railyard.ui..")
                .and().doNotHaveFullyQualifiedName("dev.railyard.Main")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .because("the engine and the CLI must run without a screen");
        rule.check(classes);
    }

    @Test
    void onlyTheCliWritesToTheConsole() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackage("dev.railyard.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("only the CLI prints; everything else logs or shows it in the UI");
        rule.check(classes);
    }

    @Test
    void theCoreDoesNotDependOnTheFaces() {
        ArchRule rule = noClasses()
                .that().resideInAnyPackage("dev.railyard.profile..", "dev.railyard.db..", "dev.railyard.task..",
                        "dev.railyard.inspect..", "dev.railyard.migrate..", "dev.railyard.backup..",
                        "dev.railyard.home..", "dev.railyard.sandbox..", "dev.railyard.console..", "dev.railyard.guard..",
                        "dev.railyard.release..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.railyard.ui..", "dev.railyard.cli..")
                .because("the GUI and the CLI are two faces over one engine");
        rule.check(classes);
    }

    @Test
    void theWindowsFeaturePackagesDoNotDependOnEachOtherInACircle() {
        ArchRule rule = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("dev.railyard.ui.(*)..")
                .should().beFreeOfCycles()
                .because("what two features share (confirmations, column widths) lives in ui itself, so each feature can change alone");
        rule.check(classes);
    }

    @Test
    void onlyDbOpensConnections() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackage("dev.railyard.db..")
                .should().dependOnClassesThat().belongToAnyOf(DriverManager.class)
                .orShould().callConstructorWhere(target(owner(assignableTo(DataSource.class))))
                .orShould().callConstructorWhere(target(owner(assignableTo(Driver.class))))
                .orShould().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..")
                // Flyway's dataSource(url, user, password) builds a DataSource with its own driver settings.
                .orShould().callMethod(FluentConfiguration.class, "dataSource", String.class, String.class, String.class)
                .because("db/Connections is the one place a connection is made, with one set of TLS and timeout rules");
        rule.check(classes);
    }
}

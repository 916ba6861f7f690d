package dev.annotations.api.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The house rule "layers point one way" (CONTRIBUTING.md), checked on the compiled classes: every package of
 * annotation-api has a place in {@link #LAYERS}, lowest first, and depends only on packages below it; the
 * root package (composition root and router) sits above them all and nothing depends on it.
 */
class LayeringTest {
    private static final String ROOT = "dev.annotations.api";
    /** Lowest first. A new package gets its place here, above everything it uses. */
    static final List<String> LAYERS = List.of(
            "config", "storage", "http", "auth", "migration", "system", "project", "scoreconfig", "score", "trace",
            "collector", "evaluation", "otlp", "queue", "analytics", "dataset", "export", "automation", "ui");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void every_package_has_a_place_in_the_layers() {
        List<String> unknown = classes.stream().map(JavaClass::getPackageName).filter(name -> !name.equals(ROOT))
                .map(name -> name.substring(ROOT.length() + 1).split("\\.")[0]).distinct()
                .filter(name -> !LAYERS.contains(name)).toList();
        assertThat(unknown).as("packages missing from LayeringTest.LAYERS").isEmpty();
    }

    static Stream<String> layers() {
        return LAYERS.stream();
    }

    @ParameterizedTest(name = "{0} depends on nothing above it")
    @MethodSource("layers")
    void a_package_depends_only_on_packages_below_it(String layer) {
        int index = LAYERS.indexOf(layer);
        String[] above = IntStream.range(index + 1, LAYERS.size()).mapToObj(i -> ROOT + "." + LAYERS.get(i) + "..")
                .toArray(String[]::new);
        if (above.length == 0) {
            return;
        }
        noClasses().that().resideInAPackage(ROOT + "." + layer + "..")
                .should().dependOnClassesThat().resideInAnyPackage(above)
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void nothing_depends_on_the_composition_root() {
        noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .check(classes);
    }

    @Test
    void no_two_packages_depend_on_each_other() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}

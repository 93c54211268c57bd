package ai.refinery.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.refinery.jobs.Estimators;
import ai.refinery.tuning.space.SpaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example specs shipped in examples/specs (and quoted in the README) stay valid. */
class ExampleSpecsTest {
  private static final Path DIR =
      Path.of(System.getProperty("refinery.root", ".."), "examples/specs");

  @Test
  void everyExampleSpecLoadsAndNamesRealEstimators() throws Exception {
    List<Path> specs;
    try (Stream<Path> s = Files.list(DIR)) {
      specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(4, specs.size(), "examples: " + specs);
    for (Path p : specs) {
      JobSpec spec = SpecLoader.load(p, List.of());
      assertNotNull(spec.name(), p.toString());
      if (spec.estimator() != null) {
        Estimators.create(spec.estimator(), spec.label(), "features");
      }
    }
  }

  @Test
  void exampleSpaceIsValid() {
    assertEquals(4, SpaceSpec.read(DIR.resolve("space.json")).space().ranges().size());
  }
}

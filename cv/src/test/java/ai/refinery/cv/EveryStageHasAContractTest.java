package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.junit.jupiter.api.Test;

/** Every public, concrete stage of the module has a {@code <Name>ContractTest}. */
class EveryStageHasAContractTest {
  @Test
  void everyPublicStageHasAContractTest() throws Exception {
    Path classes =
        Path.of(FoldTransformer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = classes.relativize(p).toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> c = Class.forName(name.replace('/', '.').replace(".class", ""));
        if (!PipelineStage.class.isAssignableFrom(c)
            || !Modifier.isPublic(c.getModifiers())
            || Modifier.isAbstract(c.getModifiers())
            || Model.class.isAssignableFrom(c)) { // a model is covered by its estimator's test
          continue;
        }
        try {
          Class.forName(c.getName() + "ContractTest");
        } catch (ClassNotFoundException e) {
          missing.add(c.getSimpleName());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    assertTrue(missing.isEmpty(), "stages without a contract test: " + missing);
  }
}

package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.junit.jupiter.api.Test;

/**
 * Every public Refinery stage, in every module, has a stage-contract test: a test class that
 * extends a {@code *Contract} class and names the stage. A model is covered by the contract test of
 * the estimator whose {@code fit} returns it.
 */
class ContractCoverageTest {
  private static final Pattern CONTRACT = Pattern.compile("extends\\s+\\w*Contract\\b");

  @Test
  void everyPublicStageHasAContractTest() throws Exception {
    Path root = Path.of(System.getProperty("refinery.root", "..")).toAbsolutePath().normalize();
    List<Class<?>> stages = refineryStages(root);
    assertTrue(stages.size() >= 2, "found no stages on the classpath: " + stages);
    List<String> contractSources = contractTestSources(root);
    List<Class<?>> estimators = stages.stream().filter(Estimator.class::isAssignableFrom).toList();
    TreeSet<String> uncovered = new TreeSet<>();
    for (Class<?> stage : stages) {
      Class<?> named = stage;
      if (Model.class.isAssignableFrom(stage)) {
        named = estimators.stream().filter(e -> fitReturns(e, stage)).findFirst().orElse(stage);
      }
      Pattern word = Pattern.compile("\\b" + Pattern.quote(named.getSimpleName()) + "\\b");
      if (contractSources.stream().noneMatch(src -> word.matcher(src).find())) {
        uncovered.add(stage.getName());
      }
    }
    assertTrue(
        uncovered.isEmpty(),
        "public stages without a contract test (a test class that"
            + " extends StageContract and names the stage): "
            + uncovered);
  }

  private static boolean fitReturns(Class<?> estimator, Class<?> model) {
    for (Method m : estimator.getMethods()) {
      if (m.getName().equals("fit")
          && m.getParameterCount() == 1
          && m.getParameterTypes()[0] == Dataset.class
          && m.getReturnType() == model) {
        return true;
      }
    }
    return false;
  }

  private static List<String> contractTestSources(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root, 12)) {
      for (Path p :
          files
              .filter(
                  f ->
                      f.toString().endsWith(".java")
                          && f.toString().contains("/src/test/java/")
                          && !f.toString().contains("/target/"))
              .toList()) {
        String src = Files.readString(p);
        if (CONTRACT.matcher(src).find()) {
          out.add(src);
        }
      }
    }
    return out;
  }

  /** Public concrete PipelineStage classes under ai.refinery on the classpath (main code only). */
  private static List<Class<?>> refineryStages(Path root) throws Exception {
    TreeSet<String> names = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      File f = new File(entry);
      boolean ours =
          f.getAbsolutePath().startsWith(root.toString()) || f.getName().startsWith("refinery-");
      if (!ours || entry.contains("test-classes") || entry.contains("testkit")) {
        continue;
      }
      if (f.isDirectory()) {
        try (Stream<Path> files = Files.walk(f.toPath())) {
          files
              .map(p -> f.toPath().relativize(p).toString())
              .filter(ContractCoverageTest::isRefineryClass)
              .forEach(n -> names.add(toClassName(n)));
        }
      } else if (f.getName().endsWith(".jar")) {
        try (JarFile jar = new JarFile(f)) {
          for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
            String n = en.nextElement().getName();
            if (isRefineryClass(n)) {
              names.add(toClassName(n));
            }
          }
        }
      }
    }
    List<Class<?>> stages = new ArrayList<>();
    for (String n : names) {
      Class<?> c = Class.forName(n, false, ContractCoverageTest.class.getClassLoader());
      if (PipelineStage.class.isAssignableFrom(c)
          && Modifier.isPublic(c.getModifiers())
          && !Modifier.isAbstract(c.getModifiers())
          && !c.isMemberClass()
          && !c.isAnonymousClass()) {
        stages.add(c);
      }
    }
    return stages;
  }

  private static boolean isRefineryClass(String path) {
    return path.startsWith("ai/refinery/")
        && path.endsWith(".class")
        && !path.contains("$")
        && !path.startsWith("ai/refinery/it/")
        && !path.startsWith("ai/refinery/benchmarks/");
  }

  private static String toClassName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }
}

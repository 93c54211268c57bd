package ai.refinery.it.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every notebook in {@code notebooks/} headless ({@code jupyter nbconvert --to notebook
 * --execute}) on the Refinery Java kernel at their small size ({@code
 * REFINERY_NOTEBOOK_SIZE=small}, which each notebook's parameter cell reads), and fails on any cell
 * error. Image outputs must be real PNGs that decode, and a notebook that draws charts must show at
 * least one. The kernel is installed by the project's script ({@code
 * scripts/install-notebook-kernel}, Debian's Jupyter packages + the kernel jar) as a kernelspec in
 * a temporary folder whose class path is this module's test class path, so the notebooks run
 * against the code being tested. Part of the default test run (about 3 to 5 minutes on 2 idle
 * cores); {@code -Pfast} skips it (tag slow), {@code -Dnotebooks=02,05} runs only some.
 */
@Tag("slow")
@Tag("notebooks")
class NotebookExecutionTest {
  private static final String KERNEL = "refinery-java-test";

  /**
   * The kernel JVM's options under test: C1 only. A small notebook is mostly a cold JVM warming up
   * (Spark's first jobs, JShell compiling each statement); C2 compiling hot methods in the
   * background cost about as much CPU again as the notebook itself.
   */
  private static final String KERNEL_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC";

  /** Per notebook: a stuck kernel fails the test instead of holding the build. */
  private static final int NOTEBOOK_TIMEOUT_SECONDS = 600;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static Path work;

  @BeforeAll
  static void installKernel() throws Exception {
    root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    work = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "notebooks"));
    run(
        root,
        900,
        Map.of(),
        root.resolve("scripts/install-notebook-kernel").toString(),
        "--deps-only");
    run(
        root,
        300,
        Map.of("REFINERY_NOTEBOOK_XMX", "2g"),
        root.resolve("scripts/install-notebook-kernel").toString(),
        "--classpath",
        testClassPath(),
        "--kernels-dir",
        work.resolve("jupyter/kernels").toString(),
        "--name",
        KERNEL,
        "--java-opts",
        KERNEL_JAVA_OPTS);
  }

  @Test
  void generatedNotebooksMatchTheirSources() throws Exception {
    String out = run(root, 120, Map.of(), python(), "notebooks/generate.py", "--check");
    assertFalse(out.contains("out of date"), out);
    try (Stream<Path> src = Files.list(root.resolve("notebooks/src"))) {
      for (Path s : src.filter(p -> p.toString().endsWith(".md")).collect(Collectors.toList())) {
        String name = s.getFileName().toString().replace(".md", "");
        JsonNode nb = JSON.readTree(root.resolve("notebooks/" + name + ".ipynb").toFile());
        JsonNode zp = JSON.readTree(root.resolve("notebooks/zeppelin/" + name + ".zpln").toFile());
        assertEquals(nb.get("cells").size(), zp.get("paragraphs").size(), name);
        for (int i = 0; i < nb.get("cells").size(); i++) {
          JsonNode cell = nb.get("cells").get(i);
          String text = zp.get("paragraphs").get(i).get("text").asText();
          String body = join(cell.get("source"));
          boolean code = cell.get("cell_type").asText().equals("code");
          assertEquals(
              (code ? "%jupyter(kernel=refinery-java)\n" : "%md\n") + body,
              text,
              name + " cell " + i);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsWithoutErrors() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
      notebooks =
          s.filter(p -> p.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
    }
    // -Dnotebooks=02,05 runs only the notebooks whose names start with one of these prefixes
    String only = System.getProperty("notebooks", "").trim();
    if (!only.isEmpty()) {
      List<String> prefixes = Arrays.asList(only.split(","));
      notebooks.removeIf(
          p -> prefixes.stream().noneMatch(x -> p.getFileName().toString().startsWith(x.trim())));
    }
    assertFalse(notebooks.isEmpty(), "no notebooks in " + root.resolve("notebooks"));
    return notebooks.stream()
        .map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> execute(nb)));
  }

  private static void execute(Path notebook) throws Exception {
    Path outDir = Files.createDirectories(work.resolve("executed"));
    long t0 = System.nanoTime();
    run(
        notebook.getParent(),
        NOTEBOOK_TIMEOUT_SECONDS,
        Map.of(
            "JUPYTER_PATH", work.resolve("jupyter").toString(), "REFINERY_NOTEBOOK_SIZE", "small"),
        "/usr/bin/jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=" + KERNEL,
        "--ExecutePreprocessor.timeout=" + NOTEBOOK_TIMEOUT_SECONDS,
        "--output-dir",
        outDir.toString(),
        notebook.getFileName().toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    Path executed = outDir.resolve(notebook.getFileName());
    JsonNode nb = JSON.readTree(executed.toFile());
    int images = 0;
    int codeCells = 0;
    List<String> errors = new ArrayList<>();
    for (JsonNode cell : nb.get("cells")) {
      if (!cell.get("cell_type").asText().equals("code")) {
        continue;
      }
      codeCells++;
      assertTrue(
          cell.get("execution_count").isInt(),
          "a code cell did not run: " + join(cell.get("source")));
      for (JsonNode out : cell.get("outputs")) {
        if (out.get("output_type").asText().equals("error")) {
          errors.add(out.path("ename").asText() + ": " + out.path("evalue").asText());
        }
        JsonNode png = out.path("data").path("image/png");
        if (!png.isMissingNode()) {
          byte[] bytes = Base64.getMimeDecoder().decode(join(png));
          assertTrue(bytes.length > 1000, "a tiny image: " + bytes.length + " bytes");
          assertTrue(
              Arrays.equals(PNG, Arrays.copyOf(bytes, PNG.length)),
              "image/png output is not a PNG");
          BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
          assertTrue(
              img != null && img.getWidth() >= 200 && img.getHeight() >= 100,
              "image/png output does not decode to a chart-sized image");
          images++;
        }
      }
    }
    assertEquals(List.of(), errors, notebook.getFileName() + " has cell errors");
    assertTrue(codeCells > 0);
    String source = Files.readString(notebook);
    if (source.contains("png(")) {
      assertTrue(images > 0, notebook.getFileName() + " draws charts but shows no image");
    }
    System.out.printf(
        "notebook %s: %d code cells, %d images, %.1f s%n",
        notebook.getFileName(), codeCells, images, seconds);
  }

  /** This JVM's class path (Refinery's modules, Spark, Delta, XChart), surefire's jar unpacked. */
  private static String testClassPath() throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    String prop = System.getProperty("surefire.test.class.path");
    String cp = prop != null && !prop.isBlank() ? prop : System.getProperty("java.class.path");
    for (String e : cp.split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      if (e.contains("surefirebooter") && e.endsWith(".jar")) {
        try (JarFile jar = new JarFile(e)) {
          Manifest m = jar.getManifest();
          String classPath = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (classPath != null) {
            for (String url : classPath.trim().split("\\s+")) {
              entries.add(Path.of(URI.create(url)).toString());
            }
          }
        }
      } else {
        entries.add(e);
      }
    }
    entries.removeIf(
        e -> e.contains("surefire") || e.contains("junit") || e.contains("opentest4j"));
    return String.join(File.pathSeparator, entries);
  }

  private static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  private static String join(JsonNode textOrLines) {
    if (textOrLines.isArray()) {
      StringBuilder b = new StringBuilder();
      textOrLines.forEach(l -> b.append(l.asText()));
      return b.toString();
    }
    return textOrLines.asText();
  }

  /** Runs a command, returns its output; fails with the output's tail on a non-zero exit. */
  private static String run(
      Path dir, long timeoutSeconds, Map<String, String> env, String... command) throws Exception {
    Path log = Files.createTempFile(work, "cmd", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail(
          String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + tail(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(
          String.join(" ", command).replaceAll(":[^ ]{200,}", ":...")
              + " exited with "
              + p.exitValue()
              + ":\n"
              + tail(log));
    }
    return out;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}

package ai.refinery.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags Spark needs on Java 17 are written twice: in the parent pom (spark.jvm.opens, for
 * the tests) and in etc/jvm-opens.txt (for ./refinery and benchmarks/run). They must agree.
 */
class JvmOpensTest {
  @Test
  void pomAndLauncherFlagsAgree() throws Exception {
    String fromPom = System.getProperty("spark.jvm.opens");
    assertNotNull(fromPom, "surefire passes the pom's spark.jvm.opens as a system property");
    Path file = Path.of(System.getProperty("refinery.root", "..")).resolve("etc/jvm-opens.txt");
    assertEquals(
        flags(fromPom),
        flags(Files.readString(file)),
        "etc/jvm-opens.txt differs from the parent pom's spark.jvm.opens; make them the same");
  }

  private static List<String> flags(String s) {
    return Arrays.stream(s.trim().split("\\s+")).sorted().toList();
  }
}

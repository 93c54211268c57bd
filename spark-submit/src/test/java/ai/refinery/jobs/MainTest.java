package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line: usage, help, and rejected options (no Spark needed). */
class MainTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: refinery"), r.out());
    assertTrue(r.out().contains("demo"), r.out());
  }

  @Test
  void demoHelpDescribesTheDemo() {
    Run r = run("demo", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: refinery demo"), r.out());
    assertTrue(r.out().contains("--out"), r.out());
  }

  @Test
  void unknownOptionIsRejectedWithItsName() {
    Run r = run("demo", "--bogus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
  }

  @Test
  void missingSubcommandIsAUsageError() {
    Run r = run();
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Missing subcommand"), r.err());
  }

  @Test
  void unknownSubcommandIsRejected() {
    Run r = run("dmeo");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("dmeo"), r.err());
  }
}

package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.refinery.it.support.BigDeltaAppend;
import ai.refinery.it.support.ChildJvm;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job killed (SIGKILL) while its tasks are writing data files leaves no partial Delta version:
 * the last committed version stays the latest and reads in full, the half-written files are not
 * part of the table, and the job's retry commits normally.
 */
@Tag("slow")
@Timeout(300)
class KilledWriteTest {

  @Test
  void killedAppendLeavesNoPartialVersion() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.newDir("killed-write-");
    Path table = dir.resolve("t");
    String path = table.toUri().toString();
    assertEquals(0L, DeltaIO.overwrite(BigDeltaAppend.rows(spark, 0, 100, 1), path, null, 0));
    Set<String> committedFiles = dataFiles(table);

    Path log = dir.resolve("writer.log");
    Process writer =
        ChildJvm.start(BigDeltaAppend.class, log, List.of(), List.of(path, "40000000", "8"));
    Set<String> partial;
    long deadline = System.currentTimeMillis() + 180_000;
    try {
      // kill as soon as the append's first data file exists: its tasks are mid-write
      while (true) {
        partial = new HashSet<>(dataFiles(table));
        partial.removeAll(committedFiles);
        if (!partial.isEmpty()) {
          break;
        }
        if (!writer.isAlive()) {
          fail(
              "the writer ended (code "
                  + writer.exitValue()
                  + ") before it wrote a file: "
                  + Files.readString(log));
        }
        if (System.currentTimeMillis() > deadline) {
          fail("the writer wrote no data file within 180 s: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    } finally {
      writer.destroyForcibly();
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer JVM did not die");
    }
    assertFalse(
        Files.readString(log).contains("committed"), "killed too late: " + Files.readString(log));

    assertEquals(
        List.of("00000000000000000000.json"),
        commits(table),
        "only the first version is committed");
    assertEquals(0L, DeltaIO.latestVersion(spark, path));
    assertEquals(100L, DeltaIO.read(spark, path, null).data().count());
    assertEquals(100L, DeltaIO.read(spark, path, 0L).data().count());
    Set<String> leftOver = new HashSet<>(dataFiles(table));
    leftOver.removeAll(committedFiles);
    assertFalse(leftOver.isEmpty(), "the killed job did leave files behind, outside the table");

    // the job's retry (same application id and txnVersion) was never recorded: it commits once
    assertEquals(
        1L,
        DeltaIO.append(BigDeltaAppend.rows(spark, 100, 150, 1), path, BigDeltaAppend.APP_ID, 1));
    assertEquals(
        1L,
        DeltaIO.append(BigDeltaAppend.rows(spark, 100, 150, 1), path, BigDeltaAppend.APP_ID, 1));
    assertEquals(150L, DeltaIO.read(spark, path, null).data().count());
  }

  private static Set<String> dataFiles(Path table) {
    try (Stream<Path> s = Files.list(table)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet") && !n.startsWith("."))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> commits(Path table) throws IOException {
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}

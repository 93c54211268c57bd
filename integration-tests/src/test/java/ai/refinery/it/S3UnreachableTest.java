package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.it.support.S3Bucket;
import ai.refinery.it.support.S3ProxyServer;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * S3 down: reads and writes against an endpoint where nothing listens, or where the server accepts
 * connections and never answers, fail with an error that names the bucket and the connection
 * failure, within seconds (low s3a retry limits and timeouts), never hang.
 */
@Timeout(120)
class S3UnreachableTest {
  /** Generous on a loaded 2-core machine; the point is "seconds, not a hang". */
  private static final long BOUND_MS = 30_000;

  private static SparkSession spark;
  private static S3Bucket down;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    down =
        S3Bucket.unreachable(
            "it-unreachable-" + System.nanoTime() % 100000, S3ProxyServer.freePort());
    down.applyTo(spark);
  }

  @Test
  void readingATableFailsFastAndSaysWhy() {
    String path = down.uri("tables/t");
    Throwable e = failsWithin(() -> DeltaIO.read(spark, path, null));
    String text = describe(e);
    assertTrue(text.contains(path) || text.contains(down.name()), text);
    assertTrue(
        text.contains("Connection refused") || text.contains("Unable to execute HTTP"), text);
  }

  @Test
  void writingATableFailsFastAndSaysWhy() {
    String path = down.uri("tables/out");
    Throwable e =
        failsWithin(() -> DeltaIO.overwrite(TinyData.mixed(spark, 20, 1), path, "it-down", 0));
    String text = describe(e);
    assertTrue(text.contains(down.name()), text);
    assertTrue(
        text.contains("Connection refused") || text.contains("Unable to execute HTTP"), text);
  }

  @Test
  void silentEndpointTimesOutInsteadOfHanging() throws Exception {
    // accepts connections and never answers: a dropped route or a hung server, the case that
    // hangs a job for the SDK's default 200 s socket timeout times its retries
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "silent-s3");
      acceptor.setDaemon(true);
      acceptor.start();
      S3Bucket hung =
          S3Bucket.unreachable("it-silent-" + System.nanoTime() % 100000, silent.getLocalPort())
              .withSetting("connection.timeout", "1000");
      hung.applyTo(spark);
      String path = hung.uri("tables/t");
      Throwable e = failsWithin(() -> DeltaIO.read(spark, path, null));
      String text = describe(e);
      assertTrue(text.contains(hung.name()), text);
      assertTrue(
          text.toLowerCase(java.util.Locale.ROOT).contains("timed out")
              || text.contains("SocketTimeout"),
          text);
      assertFalse(held.isEmpty(), "the client did connect to the silent endpoint");
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static Throwable failsWithin(Executable call) {
    long t0 = System.nanoTime();
    Throwable e = assertThrows(Throwable.class, call);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("[S3UnreachableTest] failed after " + ms + " ms: " + e);
    assertTrue(ms < BOUND_MS, "took " + ms + " ms");
    assertFalse(describe(e).contains(down.secretKey()), "the error shows the secret key");
    return e;
  }

  private static String describe(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}

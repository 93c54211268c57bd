package ai.refinery.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy (the {@code jar-with-dependencies} the build copies to {@code target/s3proxy}) as a child
 * JVM on 127.0.0.1, on a free port, with the jclouds {@code filesystem} backend: every object is a
 * plain file under {@link #dataDir()}, so tests can read exactly what was written. It runs out of
 * process because in-process it fights Spark over Jetty and jakarta jars.
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The access key the server accepts; not a secret. */
  public static final String ACCESS_KEY = "refinery-it-access";

  private final String secretKey = "it-secret-" + UUID.randomUUID().toString().replace("-", "");
  private final Process process;
  private final int port;
  private final Path dataDir;
  private final Path logFile;

  private S3ProxyServer(Path workDir) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Proxy jar not found at "
              + jar.toAbsolutePath()
              + "; the build copies it at process-test-resources (mvn test, not surefire alone)");
    }
    port = freePort();
    dataDir = Files.createDirectories(workDir.resolve("data"));
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", ACCESS_KEY);
    p.setProperty("s3proxy.credential", secretKey);
    p.setProperty("s3proxy.ignore-unknown-headers", "true");
    p.setProperty("jclouds.provider", "filesystem");
    p.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    p.setProperty("jclouds.identity", "unused");
    p.setProperty("jclouds.credential", "unused");
    // the configuration holds the secret; keep it outside the data folder tests grep
    Path conf = workDir.resolve("s3proxy.conf");
    try (OutputStream os = Files.newOutputStream(conf)) {
      p.store(os, "written by S3ProxyServer for the integration tests");
    }
    logFile = workDir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar.toString(),
                    "--properties",
                    conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    // never leak the child when the test JVM dies before close()
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    awaitPort(30_000);
  }

  /** Starts a server whose files (configuration, log, data) live under {@code workDir}. */
  public static S3ProxyServer start(Path workDir) {
    try {
      return new S3ProxyServer(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitPort(long timeoutMs) throws InterruptedException, IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with code " + process.exitValue() + ": " + Files.readString(logFile));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "S3Proxy did not open port " + port + " within " + timeoutMs + " ms; log: " + logFile);
  }

  /** A port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a bucket (with the filesystem backend, a folder under {@link #dataDir()}). */
  public Path createBucket(String name) {
    try {
      return Files.createDirectories(dataDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The secret key, random per server so that a leak is unambiguous when grepped for. */
  public String secretKey() {
    return secretKey;
  }

  /** Where the buckets' objects are stored, one folder per bucket. */
  public Path dataDir() {
    return dataDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

package ai.refinery.it.support;

import ai.refinery.testkit.SparkTestSession;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;

/**
 * JUnit 5 extension giving a test class its own bucket on an S3Proxy server that runs on 127.0.0.1.
 * The server is started once per test JVM (kept in the root context's store) and stopped when all
 * tests are done. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final S3Extension S3 = new S3Extension();}</pre>
 */
public final class S3Extension implements BeforeAllCallback {
  private static final Namespace NS = Namespace.create(S3Extension.class);
  private S3ProxyServer server;
  private S3Bucket bucket;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NS)
            .getOrComputeIfAbsent(
                "server",
                k -> new Running(S3ProxyServer.start(SparkTestSession.newDir("s3proxy-"))),
                Running.class)
            .server;
    // bucket names: lower case, digits and '-', at most 63 characters; unique per class so that
    // cached s3a FileSystem instances and Delta logs never cross test classes
    String cls = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    String name =
        "it-"
            + cls.substring(0, Math.min(40, cls.length()))
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    bucket =
        new S3Bucket(
            name,
            server.endpoint(),
            S3ProxyServer.ACCESS_KEY,
            server.secretKey(),
            server.createBucket(name));
  }

  /** This class's bucket (valid from {@code @BeforeAll} on). */
  public S3Bucket bucket() {
    if (bucket == null) {
      throw new IllegalStateException("S3Extension must be registered as a static field");
    }
    return bucket;
  }

  public S3ProxyServer server() {
    return server;
  }

  /** Stops the server when the root context closes (after the last test class). */
  private record Running(S3ProxyServer server) implements CloseableResource {
    @Override
    public void close() throws InterruptedException {
      server.close();
    }
  }
}

package ai.refinery.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run manifest ({@code manifest.json}): the spec, the input table version actually read, seeds,
 * library versions, step timings and outputs. Written atomically. It never holds Spark confs or
 * credentials, only what the spec and the job put in.
 */
public final class Manifest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Double> timings = new LinkedHashMap<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();

  public Manifest(String job, Object spec) {
    root.put("job", job);
    root.put("startedAt", Instant.now().toString());
    root.put("spec", spec);
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("refinery", Versions.refinery());
    if (!Versions.commit().isEmpty()) {
      versions.put("gitCommit", Versions.commit());
    }
    versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    versions.put("java", System.getProperty("java.version"));
    root.put("versions", versions);
    root.put("timingsSeconds", timings);
    root.put("outputs", outputs);
  }

  public Manifest put(String key, Object value) {
    root.put(key, value);
    return this;
  }

  public Manifest timing(String step, long startNanos) {
    timings.put(step, Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3);
    return this;
  }

  public Manifest output(String name, Object location) {
    outputs.put(name, location.toString());
    return this;
  }

  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    root.put("finishedAt", Instant.now().toString());
    Path tmp = dir.resolve("manifest.json.tmp");
    JSON.writeValue(tmp.toFile(), root);
    return Files.move(
        tmp,
        dir.resolve("manifest.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}

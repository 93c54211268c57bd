package ai.refinery.rapids;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in GPU profiles, looked up by name ({@code refinery ... --gpu-profile NAME}).
 *
 * <ul>
 *   <li>{@code cpu}: no accelerator; the default when no profile is given.
 *   <li>{@code workstation}: one GPU in a desktop machine, one executor of 8 cores.
 *   <li>{@code multi-gpu-node}: one server with several GPUs, one 8-core executor per GPU.
 *   <li>{@code cloud-cluster}: managed GPU nodes (YARN or Kubernetes assign the GPUs), 16-core
 *       executors, RAPIDS shuffle.
 *   <li>{@code explain-only}: the plugin on a CPU-only machine, reporting which operators would run
 *       on the GPU and why not ({@code refinery gpu-check}).
 * </ul>
 */
public final class GpuProfiles {
  /** Where the cluster images used by the workstation and multi-GPU profiles keep the script. */
  public static final String DISCOVERY_SCRIPT = "/opt/sparkRapidsPlugin/getGpusResources.sh";

  private static final Map<String, GpuProfile> PROFILES = new LinkedHashMap<>();

  static {
    add(GpuProfile.of("cpu", "No GPU: Spark's defaults, XGBoost on the CPU.", Map.of()));
    add(
        GpuProfile.of(
            "workstation",
            "One GPU in a desktop or single server: one executor (8 cores) sharing the GPU.",
            gpu(
                8,
                2,
                "2g",
                DISCOVERY_SCRIPT,
                Map.of(
                    // a workstation GPU also drives displays and notebooks: leave them some memory
                    GpuSettings.ALLOC_FRACTION.key(), "0.8",
                    GpuSettings.MIN_ALLOC_FRACTION.key(), "0.25",
                    GpuSettings.MAX_ALLOC_FRACTION.key(), "0.9"))));
    add(
        GpuProfile.of(
            "multi-gpu-node",
            "A server with several GPUs: one executor (8 cores) per GPU; run as many executors as"
                + " GPUs.",
            gpu(8, 2, "4g", DISCOVERY_SCRIPT, Map.of())));
    add(
        GpuProfile.of(
            "cloud-cluster",
            "Managed GPU nodes where YARN or Kubernetes assigns the GPUs: 16-core executors, three"
                + " concurrent GPU tasks, RAPIDS shuffle.",
            gpu(16, 3, "8g", null, Map.of())));
    Map<String, String> explain = new LinkedHashMap<>();
    explain.put(GpuSettings.PLUGINS.key(), GpuSettings.SQL_PLUGIN);
    explain.put(GpuSettings.SQL_ENABLED.key(), "true");
    explain.put(GpuSettings.SQL_MODE.key(), "explainOnly");
    explain.put(GpuSettings.EXPLAIN.key(), "NOT_ON_GPU");
    // without it the executor probes CUDA, fails on a CPU-only machine and calls System.exit
    explain.put(GpuSettings.SKIP_GPU_ARCH_CHECK.key(), "true");
    add(
        GpuProfile.of(
            "explain-only",
            "The plugin on a CPU-only machine in explainOnly mode: everything runs on the CPU and the"
                + " plugin reports what would run on a GPU.",
            explain));
  }

  private GpuProfiles() {}

  private static Map<String, String> gpu(
      int cores, int concurrent, String pinned, String discoveryScript, Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(GpuSettings.PLUGINS.key(), GpuSettings.SQL_PLUGIN);
    m.put(GpuSettings.SQL_ENABLED.key(), "true");
    m.put(GpuSettings.SQL_MODE.key(), "executeOnGPU");
    m.put(GpuSettings.EXPLAIN.key(), "NOT_ON_GPU");
    m.put(GpuSettings.CONCURRENT_GPU_TASKS.key(), String.valueOf(concurrent));
    m.put(GpuSettings.PINNED_POOL_SIZE.key(), pinned);
    m.put(GpuSettings.EXECUTOR_GPU_AMOUNT.key(), "1");
    m.put(GpuSettings.EXECUTOR_CORES.key(), String.valueOf(cores));
    m.put(GpuSettings.TASK_GPU_AMOUNT.key(), String.valueOf(1.0 / cores));
    if (discoveryScript != null) {
      m.put(GpuSettings.DISCOVERY_SCRIPT.key(), discoveryScript);
    }
    m.put(GpuSettings.SHUFFLE_MANAGER.key(), GpuSettings.SHUFFLE_MANAGER_CLASS);
    m.put(GpuSettings.SHUFFLE_MODE.key(), "MULTITHREADED");
    m.putAll(extra);
    return m;
  }

  private static void add(GpuProfile p) {
    PROFILES.put(p.name(), p);
  }

  /**
   * The built-in profile with this name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static GpuProfile named(String name) {
    GpuProfile p = name == null ? null : PROFILES.get(name.trim());
    if (p == null) {
      throw new IllegalArgumentException(
          String.format(
              "Unknown GPU profile '%s'. Known profiles: %s", name, String.join(", ", names())));
    }
    return p;
  }

  /** Names of the built-in profiles, in the order the docs list them. */
  public static List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(PROFILES.keySet()));
  }

  /** All built-in profiles. */
  public static List<GpuProfile> all() {
    return List.copyOf(PROFILES.values());
  }

  /**
   * XGBoost's {@code device} for a job run with {@code --gpu-profile name}: "cuda" under a GPU
   * profile, "cpu" without a profile (null) or under a CPU or explain-only profile.
   */
  public static String xgboostDevice(String profileName) {
    return profileName == null ? "cpu" : named(profileName).xgboostDevice();
  }
}

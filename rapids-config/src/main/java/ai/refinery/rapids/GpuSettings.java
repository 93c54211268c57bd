package ai.refinery.rapids;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: every Spark and RAPIDS Accelerator setting a {@link GpuProfile} may set, declared
 * once with its key, doc, default and check (the RapidsConf way). Defaults are those of Spark 3.5.5
 * and RAPIDS 25.04.0 when the key is absent. {@code docs/rapids-config.md} is generated from this
 * class by {@link GpuSettingsDoc}.
 */
public final class GpuSettings {
  /** The Spark version the shuffle manager class below is built for (RAPIDS shim spark355). */
  public static final String SPARK_VERSION = "3.5.5";

  /** The RAPIDS Accelerator's SQL plugin class. */
  public static final String SQL_PLUGIN = "com.nvidia.spark.SQLPlugin";

  /** RAPIDS shuffle manager for {@link #SPARK_VERSION}; each Spark version has its own class. */
  public static final String SHUFFLE_MANAGER_CLASS =
      "com.nvidia.spark.rapids.spark355.RapidsShuffleManager";

  private static final List<GpuSetting<?>> ALL = new ArrayList<>();

  /** Spark plugins to load; the accelerator is enabled by listing its SQL plugin here. */
  public static final GpuSetting<String> PLUGINS =
      register(
          GpuSetting.className(
              "spark.plugins",
              "Spark plugins loaded on the driver and executors; "
                  + SQL_PLUGIN
                  + " enables the RAPIDS"
                  + " Accelerator.",
              null));

  public static final GpuSetting<Boolean> SQL_ENABLED =
      register(
          GpuSetting.bool(
              "spark.rapids.sql.enabled",
              "Run SQL/DataFrame operators on the GPU (true) or leave every operator on the CPU (false).",
              true));

  public static final GpuSetting<String> SQL_MODE =
      register(
          GpuSetting.choice(
              "spark.rapids.sql.mode",
              "executeOnGPU runs supported operators on the GPU; explainOnly runs everything on the CPU and"
                  + " only reports which operators would run on the GPU (needs no GPU).",
              "executeOnGPU",
              "executeOnGPU",
              "explainOnly"));

  public static final GpuSetting<String> EXPLAIN =
      register(
          GpuSetting.choice(
              "spark.rapids.sql.explain",
              "What the accelerator logs about plan placement: NONE, NOT_ON_GPU (only operators that stay"
                  + " on the CPU, with the reason) or ALL (every operator; very verbose).",
              "NOT_ON_GPU",
              "NONE",
              "NOT_ON_GPU",
              "ALL"));

  public static final GpuSetting<Integer> CONCURRENT_GPU_TASKS =
      register(
          GpuSetting.integer(
              "spark.rapids.sql.concurrentGpuTasks",
              "Tasks of one executor allowed on its GPU at the same time; more overlaps I/O with compute"
                  + " but needs more GPU memory.",
              2,
              1));

  public static final GpuSetting<Long> PINNED_POOL_SIZE =
      register(
          GpuSetting.bytes(
              "spark.rapids.memory.pinnedPool.size",
              "Pinned (page-locked) host memory per executor for fast host-GPU copies; 0 disables the"
                  + " pool.",
              "0"));

  public static final GpuSetting<Double> ALLOC_FRACTION =
      register(
          GpuSetting.number(
              "spark.rapids.memory.gpu.allocFraction",
              "Fraction of GPU memory the memory pool starts with; between minAllocFraction and"
                  + " maxAllocFraction.",
              1.0,
              v -> v > 0 && v <= 1,
              "in (0, 1]"));

  public static final GpuSetting<Double> MIN_ALLOC_FRACTION =
      register(
          GpuSetting.number(
              "spark.rapids.memory.gpu.minAllocFraction",
              "Smallest fraction of GPU memory the pool may have; <= allocFraction.",
              0.25,
              v -> v >= 0 && v <= 1,
              "in [0, 1]"));

  public static final GpuSetting<Double> MAX_ALLOC_FRACTION =
      register(
          GpuSetting.number(
              "spark.rapids.memory.gpu.maxAllocFraction",
              "Largest fraction of GPU memory the pool may grow to; >= allocFraction.",
              1.0,
              v -> v > 0 && v <= 1,
              "in (0, 1]"));

  public static final GpuSetting<Long> RESERVE =
      register(
          GpuSetting.bytes(
              "spark.rapids.memory.gpu.reserve",
              "GPU memory kept out of the pool for CUDA contexts and libraries.",
              "640m"));

  public static final GpuSetting<Integer> EXECUTOR_GPU_AMOUNT =
      register(
          GpuSetting.integer(
              "spark.executor.resource.gpu.amount",
              "GPUs per executor. The RAPIDS Accelerator uses exactly one GPU per executor: run one"
                  + " executor per GPU.",
              null,
              1));

  public static final GpuSetting<Double> TASK_GPU_AMOUNT =
      register(
          GpuSetting.number(
              "spark.task.resource.gpu.amount",
              "GPU share each task requests; 1/(executor cores) lets every core run a task, the GPU itself"
                  + " being shared through concurrentGpuTasks. Must not exceed the executor's amount.",
              null,
              v -> v > 0 && (v <= 1 || v == Math.rint(v)),
              "> 0; a whole number when above 1"));

  public static final GpuSetting<String> DISCOVERY_SCRIPT =
      register(
          GpuSetting.text(
              "spark.executor.resource.gpu.discoveryScript",
              "Script that prints the executor's GPU addresses as JSON (Spark ships"
                  + " examples/src/main/scripts/getGpusResources.sh); not needed where the cluster manager"
                  + " assigns GPUs (YARN, Kubernetes with device plugins).",
              null));

  public static final GpuSetting<Integer> EXECUTOR_CORES =
      register(
          GpuSetting.integer(
              "spark.executor.cores",
              "Cores (task slots) per executor; with the task GPU amount it fixes how many tasks share one"
                  + " GPU.",
              null,
              1));

  public static final GpuSetting<String> SHUFFLE_MANAGER =
      register(
          GpuSetting.className(
              "spark.shuffle.manager",
              "Shuffle implementation. The RAPIDS shuffle manager keeps shuffle data in GPU-friendly form;"
                  + " its class is specific to the Spark version ("
                  + SHUFFLE_MANAGER_CLASS
                  + " for Spark "
                  + SPARK_VERSION
                  + ").",
              "sort"));

  public static final GpuSetting<String> SHUFFLE_MODE =
      register(
          GpuSetting.choice(
              "spark.rapids.shuffle.mode",
              "RAPIDS shuffle manager mode: MULTITHREADED (parallel CPU serialization, works everywhere),"
                  + " UCX (GPU-to-GPU transfers, needs UCX) or CACHE_ONLY (tests only).",
              "MULTITHREADED",
              "MULTITHREADED",
              "UCX",
              "CACHE_ONLY"));

  public static final GpuSetting<Boolean> SKIP_GPU_ARCH_CHECK =
      register(
          GpuSetting.bool(
              "spark.rapids.skipGpuArchitectureCheck",
              "Skip the executor's CUDA compute-capability probe. Needed in explainOnly mode on a machine"
                  + " without a GPU, where the probe fails and the executor exits.",
              false));

  private GpuSettings() {}

  private static <T> GpuSetting<T> register(GpuSetting<T> s) {
    ALL.add(s);
    return s;
  }

  /** Every registered setting, in declaration order. */
  public static List<GpuSetting<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The setting with this key, if registered. */
  public static Optional<GpuSetting<?>> find(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /**
   * The setting with this key.
   *
   * @throws IllegalArgumentException for an unknown key, suggesting the closest known key and
   *     listing them all
   */
  public static GpuSetting<?> require(String key) {
    return find(key)
        .orElseThrow(
            () -> {
              String near = closest(key);
              return new IllegalArgumentException(
                  String.format(
                      "Unknown GPU setting '%s'.%s Known settings: %s",
                      key,
                      near == null ? "" : " Did you mean '" + near + "'?",
                      String.join(", ", keys())));
            });
  }

  /** All registered keys, in declaration order. */
  public static List<String> keys() {
    return ALL.stream().map(GpuSetting::key).toList();
  }

  /** Registered settings keyed by key, in declaration order. */
  static Map<String, GpuSetting<?>> byKey() {
    Map<String, GpuSetting<?>> m = new LinkedHashMap<>();
    ALL.forEach(s -> m.put(s.key(), s));
    return m;
  }

  private static String closest(String key) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : keys()) {
      int d = editDistance(key.toLowerCase(), k.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return bestD <= Math.max(3, key.length() / 5) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

package ai.refinery.estimators.nested;

/**
 * Hands a uid to a Java subclass of a Spark Scala stage ({@code Predictor}, {@code Model}, ...)
 * before the superclass constructor runs: Spark's shared params ({@code featuresCol}, ...) are
 * created in that constructor and read {@code uid()} before a Java constructor can assign a field.
 * The pattern:
 *
 * <pre>{@code
 * public MyStage(String uid) { this(EarlyUid.push(uid)); }
 * private MyStage(EarlyUid.Token token) { super(); this.uid = EarlyUid.take(); ... }
 * public String uid() { return uid != null ? uid : EarlyUid.peek(); }
 * }</pre>
 *
 * (or {@code uid()} takes the pending value on its first call and caches it).
 */
public final class EarlyUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  /**
   * A marker for the private constructor that does the work (so it cannot be called by mistake).
   */
  public static final class Token {
    private Token() {}
  }

  private EarlyUid() {}

  /** Called in the argument list of {@code this(...)}, i.e. before {@code super()}. */
  public static Token push(String uid) {
    if (uid == null) {
      throw new IllegalArgumentException("uid must not be null");
    }
    PENDING.set(uid);
    return new Token();
  }

  /** The pending uid, left in place (for {@code uid()} calls while the superclass is built). */
  public static String peek() {
    return require(PENDING.get());
  }

  /** The pending uid, consumed (the constructor stores it in its field). */
  public static String take() {
    String uid = PENDING.get();
    PENDING.remove();
    return require(uid);
  }

  private static String require(String uid) {
    if (uid == null) {
      throw new IllegalStateException(
          "no pending uid on this thread: construct the stage through its (String uid)"
              + " constructor");
    }
    return uid;
  }
}

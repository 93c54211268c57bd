package ai.refinery.ensembles;

/**
 * Hands a uid to a Java subclass of a Spark Scala stage before the superclass constructor runs.
 * Spark's shared params ({@code featuresCol}, ...) are created in the Scala superclass constructor
 * and read {@code uid()} then, before a Java constructor can assign a field; the subclass's {@code
 * uid()} takes the pending value on its first call.
 */
final class EarlyUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  /** A marker passed to the private constructor that does the work. */
  static final class Token {
    private Token() {}
  }

  private EarlyUid() {}

  /** Called in the argument list of {@code this(...)}, i.e. before {@code super()}. */
  static Token push(String uid) {
    PENDING.set(uid);
    return new Token();
  }

  /** The pending uid (consumed), for the first {@code uid()} call. */
  static String take() {
    String uid = PENDING.get();
    PENDING.remove();
    if (uid == null) {
      throw new IllegalStateException(
          "no pending uid: construct through the (String uid) constructor");
    }
    return uid;
  }
}

package cacherr.bootstrap;

/** Starts Cacherr. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        throw new UnsupportedOperationException("the runnable service lands with the HTTP adapter");
    }
}

package cacherr.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Cacherr with the configuration of the environment; stops it cleanly on SIGTERM or Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        quietLibraries();
        Logger log = LoggerFactory.getLogger(Main.class);
        Configuration config;
        try {
            config = Configuration.fromEnvironment();
        } catch (ConfigurationException wrong) {
            log.error("Cacherr cannot start: {}", wrong.getMessage());
            System.exit(2);
            return;
        }
        try {
            Service service = Service.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "cacherr-shutdown"));
        } catch (AlreadyRunningException refused) {
            log.error("Cacherr cannot start: {}", refused.getMessage()); // words enough; no stack trace
            System.exit(1);
        } catch (RuntimeException failure) {
            log.error("Cacherr cannot start: {}", failure.getMessage(), failure);
            System.exit(1);
        }
    }

    /** The service's own lines at info; the libraries' only when they warn. Each can be overridden with -D. */
    private static void quietLibraries() {
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        for (String library : new String[] {"org.hibernate", "com.zaxxer.hikari", "org.eclipse.jetty", "io.javalin",
                "org.jboss.logging"}) {
            setDefault("org.slf4j.simpleLogger.log." + library, "warn");
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}

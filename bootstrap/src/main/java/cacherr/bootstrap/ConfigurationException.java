package cacherr.bootstrap;

/** A configuration value that is missing or wrong; the message names the variable and what it must be. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}

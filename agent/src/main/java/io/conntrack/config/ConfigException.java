package io.conntrack.config;

/** A configuration problem, with a message that names the key, the value and what is allowed. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}

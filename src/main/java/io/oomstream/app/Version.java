package io.oomstream.app;

import picocli.CommandLine;

/** Prints the version from the jar manifest (or "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        final String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"oomstream " + (v == null ? "dev" : v)};
    }
}

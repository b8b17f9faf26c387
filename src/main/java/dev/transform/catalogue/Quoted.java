package dev.transform.catalogue;

/** Client text as problem details quote it: cut short, so an answer never echoes a long query back. */
final class Quoted {

    private Quoted() {
    }

    static String shortened(String text, int max) {
        return "'" + (text.length() > max ? text.substring(0, max) + "..." : text) + "'";
    }
}

package io.devmentor.monitoring.core.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: each service goes to the member whose hash with it is
 * highest. When a member leaves, only its services move, spread over the others; when one joins, it takes
 * about its share from each.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    /** The member that owns the key; the first of equal weights, which no real pair of ids gives. */
    static String owner(String key, List<String> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no member to own " + key);
        }
        String best = members.get(0);
        long bestWeight = weight(best, key);
        for (String member : members.subList(1, members.size())) {
            long weight = weight(member, key);
            if (Long.compareUnsigned(weight, bestWeight) > 0) {
                best = member;
                bestWeight = weight;
            }
        }
        return best;
    }

    /** FNV-1a over both, then SplitMix64's finalizer, so that similar ids still spread. */
    static long weight(String member, String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : member.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ 0xff) * 0x100000001b3L; // a separator no UTF-8 text contains
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}

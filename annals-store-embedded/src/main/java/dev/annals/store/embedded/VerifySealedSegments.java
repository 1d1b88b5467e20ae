// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

/** When open checks the data of sealed segments against their footer checksum. */
public enum VerifySealedSegments {
    /**
     * Every sealed segment is read and checked before open returns; damage refuses the open (or opens
     * read-only, by {@link DamagePolicy}). Open time grows with the size of the log.
     */
    EAGER,
    /**
     * Open checks the header and footer of sealed segments and returns; a background thread then checks
     * their data. A read touching a segment not yet checked waits for (or runs) its check first, so no
     * unchecked byte is served. Damage found this way puts the open store into the state open would have
     * chosen ({@link DamagePolicy#REFUSE}: every read and append answers CORRUPTED; {@link
     * DamagePolicy#READ_ONLY}: appends are refused, reads of the damaged segment answer CORRUPTED), and is
     * reported by {@link EmbeddedEventStore#damage()} and logged with segment and offset.
     */
    BACKGROUND
}

// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

/** Answers one matched request. Runs on a virtual thread; may block. */
@FunctionalInterface
public interface Handler {
    Reply handle(Call call);
}

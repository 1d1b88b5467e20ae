// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code annals} command line: {@link dev.annals.cli.AnnalsCli} and one {@code *Subcommand} per
 * action. Subcommands parse options and call into the modules that do the work; no logic here.
 */
@NullMarked
package dev.annals.cli;

import org.jspecify.annotations.NullMarked;

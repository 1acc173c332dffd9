/** Placeholder until the adapter lands. */
package cacherr.adapters.web;

// Types for window.IctaConsent, the API of the one-tag embed. Category and
// Choices come from the module's own types (src/api.rs).
import type { Category, Choices } from "./icta_consent.js";

export type { Category, Choices };

/**
 * Every function may be called at any time, from any handler, the module's
 * own events included. An action changes the state at once; what follows
 * from it (storage, events, the banner, scripts) runs after what is under way.
 * Before the module has started (`icta-consent:ready`), `accepted` and
 * `choices` answer "nothing granted yet", and actions return `undefined` and
 * run, in order, once it has.
 */
export interface IctaConsent {
  /**
   * Resolves with the choices (null: none yet) once the module has started
   * and read them, whenever it is asked, also after `icta-consent:ready` has
   * fired. Stays pending if the module does not load.
   */
  readonly ready: Promise<Choices | null>;
  /** Whether `category` is granted now. Throws on an unknown category. */
  accepted(category: Category): boolean;
  /** The visitor's valid choices, or null when they have not chosen. */
  choices(): Choices | null;
  /** Grants every category, as "Accept all" does. */
  acceptAll(): Choices | undefined;
  /** Grants only what is necessary, as "Reject all" does. */
  rejectAll(): Choices | undefined;
  /** Saves a choice per category. Throws unless given exactly two booleans. */
  save(choices: { preferences: boolean; analytics: boolean }): Choices | undefined;
  /** Shows the banner. */
  showBanner(): void;
  /** Opens the preferences dialog. */
  showPreferences(): void;
  /** Forgets the choice and asks again. */
  reset(): void;
}

declare global {
  interface Window {
    IctaConsent?: IctaConsent;
  }
  interface WindowEventMap {
    /** The module has started; detail: the choices, or null if none is stored. */
    "icta-consent:ready": CustomEvent<Choices | null>;
    /** The choice changed; detail: the new choices, or null after reset(). */
    "icta-consent:change": CustomEvent<Choices | null>;
  }
}

import { create } from 'zustand';
import type { AlertRule, AlertRuleInput, AppWarning } from '../../../../shared/contract/channels';

interface RulesViewState {
  open: boolean;
}

/** The alert-rules dialog's open state: one dialog for the window, opened from the status bar. */
export const useRulesView = create<RulesViewState>(() => ({ open: false }));

export const openRulesView = (): void => useRulesView.setState({ open: true });
export const closeRulesView = (): void => useRulesView.setState({ open: false });

/** Longest pattern main accepts (the contract's limit); longer ones are refused here before any call. */
export const PATTERN_MAX = 1000;

/** The form's fields (strings and flags as typed). */
export interface RuleDraft {
  id?: string;
  name: string;
  regex: boolean;
  pattern: string;
  caseSensitive: boolean;
  /** Empty: every watched space. */
  roomIds: string[];
  critical: boolean;
  senderEmail: string;
  enabled: boolean;
}

export const emptyDraft = (): RuleDraft => ({
  name: '',
  regex: false,
  pattern: '',
  caseSensitive: false,
  roomIds: [],
  critical: false,
  senderEmail: '',
  enabled: true,
});

export function draftOf(rule: AlertRule): RuleDraft {
  return {
    id: rule.id,
    name: rule.name,
    regex: rule.mode === 'regex',
    pattern: rule.pattern,
    caseSensitive: rule.caseSensitive,
    roomIds: rule.roomIds ? [...rule.roomIds] : [],
    critical: rule.critical,
    senderEmail: rule.senderEmail ?? '',
    enabled: rule.enabled,
  };
}

/** What `rules.save` / `rules.test` get from the form. */
export function inputOf(draft: RuleDraft): AlertRuleInput {
  const input: AlertRuleInput = {
    name: draft.name.trim() || 'Untitled rule',
    mode: draft.regex ? 'regex' : 'keywords',
    pattern: draft.pattern,
    caseSensitive: draft.caseSensitive,
    critical: draft.critical,
    enabled: draft.enabled,
  };
  if (draft.id !== undefined) input.id = draft.id;
  if (draft.senderEmail.trim()) input.senderEmail = draft.senderEmail.trim();
  if (draft.roomIds.length > 0) input.roomIds = [...draft.roomIds];
  return input;
}

export function ruleInputOf(rule: AlertRule, changes: Partial<AlertRuleInput> = {}): AlertRuleInput {
  return { ...rule, ...changes };
}

/** Warnings main raised about a rule (it no longer compiles, or it ran out of time and was turned off). */
export function warningsOf(rule: Pick<AlertRule, 'id'>, warnings: readonly AppWarning[]): AppWarning[] {
  return warnings.filter((w) => w.id === `rule-${rule.id}` || w.id === `rule-timeout-${rule.id}`);
}

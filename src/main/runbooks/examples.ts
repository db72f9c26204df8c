/**
 * The runbook files written into `runbooks/` on first run (and used by the demo workspace). Kept as TypeScript
 * strings rather than `*.yaml?raw` imports so the same module works in the Vite build of main, in vitest and under
 * `tsx` (benchmarks); test/unit/runbooks/examples.test.ts checks each one parses without a single problem.
 */

export const INCIDENT_YAML = `# Incident runbooks: open an incident from an alert, post updates, close it with a timeline.
version: 1
targets:
  stakeholders:
    label: Stakeholder spaces
    titlePattern: "^(NOC|Change Board|Platform · .*)$"
runbooks:
  - id: incident-open
    kind: incident-open
    label: Open incident
    category: Incident
    description: Declares an incident in this space and posts the opening notice.
    updateEveryMinutes: 30
    confirm: always
    variables:
      title:
        label: Title
        required: true
      severity:
        label: Severity
        required: true
        default: SEV2
        choices: [SEV1, SEV2, SEV3]
      service:
        label: Affected service
        required: true
      alert:
        label: Alert text
        multiline: true
    template: |
      **INCIDENT OPEN — {{incident.severity}}: {{incident.title}}**
      Service: {{incident.service}}
      Incident commander: {{me.displayName}}
      Opened: {{now}}

      {{alert}}
  - id: incident-update
    kind: incident-update
    label: Incident update
    category: Incident
    description: Posts a status update to the incident's space.
    targets: incident
    confirm: never
    variables:
      status:
        label: Status
        required: true
        choices: [Investigating, Identified, Monitoring]
      details:
        label: Details
        required: true
        multiline: true
    template: |
      **UPDATE — {{incident.severity}}: {{incident.title}}** ({{status}})
      {{details}}
  - id: incident-stakeholders
    kind: incident-update
    label: Notify stakeholders
    category: Incident
    description: Posts the incident status to every stakeholder space.
    targets: { list: stakeholders }
    confirm: always
    variables:
      details:
        label: Customer impact
        required: true
    template: |
      **{{incident.severity}} in progress: {{incident.title}}**
      Service: {{incident.service}} — {{details}}
      Updates in the incident space; contact {{me.displayName}}.
  - id: incident-close
    kind: incident-close
    label: Close incident
    category: Incident
    description: Posts the resolution and closes the incident (its timeline is written for the postmortem).
    targets: incident
    confirm: always
    variables:
      resolution:
        label: Resolution
        required: true
        multiline: true
    template: |
      **RESOLVED — {{incident.title}}**
      {{resolution}}
      Opened {{incident.openedAt}}, resolved {{now}}.
`;

export const CHANGE_YAML = `# Change and maintenance notices.
version: 1
targets:
  change-spaces:
    label: Change Board and Deploys
    titlePattern: "^(Change Board|Deploys)$"
runbooks:
  - id: change-start
    label: Change starting
    category: Change
    description: Announces that a change is starting now.
    targets: { list: change-spaces }
    confirm: always
    variables:
      change:
        label: Change ticket
        required: true
        pattern: "CHG[0-9]{4,8}"
      summary:
        label: Summary
        required: true
      window:
        label: Window (minutes)
        default: "60"
        pattern: "[0-9]{1,4}"
    template: |
      **Change {{change}} starting** ({{window}} min window)
      {{summary}}
      Owner: {{me.displayName}} — {{now}}
  - id: change-done
    label: Change completed
    category: Change
    description: Announces that a change finished.
    targets: { list: change-spaces }
    confirm: always
    variables:
      change:
        label: Change ticket
        required: true
        pattern: "CHG[0-9]{4,8}"
      outcome:
        label: Outcome
        required: true
        choices: [Completed, Rolled back, Partially completed]
    template: |
      **Change {{change}}: {{outcome}}**
      {{me.displayName}}, {{now}}
  - id: maintenance-notice
    label: Maintenance notice
    category: Change
    description: Tells this space about planned maintenance.
    confirm: always
    variables:
      day:
        label: Day (YYYY-MM-DD)
        required: true
        pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}"
      what:
        label: What is affected
        required: true
      link:
        label: Details link
        kind: link
    template: |
      **Planned maintenance on {{day}}**: {{what}}
      Details: {{link}}
`;

export const HANDOVER_YAML = `# Shift handover.
version: 1
runbooks:
  - id: shift-handover
    label: Shift handover
    category: Shift
    description: Posts the handover summary to this space.
    confirm: never
    ttlMinutes: 10
    variables:
      next:
        label: Next on call
        kind: mention
        required: true
      open:
        label: Open items
        required: true
        multiline: true
    template: |
      **Shift handover {{date}}** — {{me.displayName}} hands over to {{next}}.
      Open items:
      {{open}}
  - id: ack
    label: Acknowledge
    category: Shift
    description: Acknowledges an alert in this space.
    confirm: never
    thread: true
    variables: {}
    template: "Acknowledged by {{me.displayName}} at {{now}}."
`;

/** File name → content, written only when the runbooks folder does not exist yet. */
export const EXAMPLE_FILES: Readonly<Record<string, string>> = Object.freeze({
  'incident.yaml': INCIDENT_YAML,
  'change.yaml': CHANGE_YAML,
  'handover.yaml': HANDOVER_YAML,
});

import type { SubmissionResult } from "@conform-to/react";
import { data, Link } from "react-router";
import type { Route } from "./+types/a.$authority.notifications.settings";
import { Button, Field, FormPageHead, Radios, SchemaForm, SuccessBanner, type AnyField } from "~/components/forms";
import { useIntentForm } from "~/components/forms/reply";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { DAY_RANGES, DefaultsSchema, PreferencesSchema, RemindersSchema } from "~/modules/notify/forms";
import { DELIVERY_MODE_LABELS, DELIVERY_MODES, type DeliveryMode } from "~/modules/notify/kinds";
import {
  getNotificationSettings,
  saveNotificationDefaults,
  saveNotificationPreferences,
  saveReminderSettings,
} from "~/modules/notify/settings.server";
import { readFormData } from "~/utils/body.server";
import { authorityHref } from "~/utils/links";
import { maxLengths } from "~/utils/text";

const maxReminders = maxLengths(RemindersSchema);
const DAY_FIELDS = [
  { name: "chaserDays", label: "Chase an owner after this many days without an update" },
  {
    name: "meetingChaserDays",
    label: "Chase an owner with no update since their board last met this many days before its next meeting",
  },
  { name: "digestDays", label: "Send the board digest this many days before a meeting" },
] as const;

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "choose:notifications:own");
  const settings = await getNotificationSettings({ authorityId: user.authority.id, actor: actorOf(user) });
  return {
    authority: user.authority,
    ...settings,
    canReadLog: roleHasPermission(user.role, "read:notification_log:any"),
  };
}

type Intent = "preferences" | "defaults" | "reminders";
const SAVED: Record<Intent, string> = {
  preferences: "Your notification settings have been saved.",
  defaults: "The authority's notification defaults have been saved.",
  reminders: "The reminder settings have been saved.",
};

/** Three forms: the person's own choices; for admins, the authority's defaults and its reminder days (the services check). */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "choose:notifications:own");
  const scope = { authorityId: user.authority.id, actor: actorOf(user) };
  const formData = await readFormData(args.request, "form");
  const saved = (intent: Intent, changed: number, reply: SubmissionResult<string[]>) =>
    data({ intent, notice: changed > 0 ? SAVED[intent] : "Nothing changed.", result: reply });
  switch (formData.get("intent")) {
    case "defaults": {
      const submission = parseForm(formData, DefaultsSchema);
      if (submission.status !== "success") return invalid(submission, { intent: "defaults" as Intent, notice: null });
      const { changed } = await saveNotificationDefaults({ ...scope, modes: submission.value.defaultMode });
      return saved("defaults", changed, submission.reply());
    }
    case "reminders": {
      const submission = parseForm(formData, RemindersSchema);
      if (submission.status !== "success") return invalid(submission, { intent: "reminders" as Intent, notice: null });
      const { intent: _, ...value } = submission.value;
      const { changed } = await saveReminderSettings({ ...scope, value });
      return saved("reminders", changed, submission.reply());
    }
    default: {
      const submission = parseForm(formData, PreferencesSchema);
      if (submission.status !== "success")
        return invalid(submission, { intent: "preferences" as Intent, notice: null });
      const { changed } = await saveNotificationPreferences({ ...scope, modes: submission.value.mode });
      return saved("preferences", changed, submission.reply());
    }
  }
}

type Kind = Route.ComponentProps["loaderData"]["kinds"][number];

/** One radio group per kind of message; the hint marks the option that applies when nobody has chosen. */
function ModeRadios({
  kinds,
  fieldOf,
  chosen,
  usual,
  usualHint,
}: {
  kinds: Kind[];
  fieldOf: (kind: Kind["kind"]) => AnyField;
  chosen: (k: Kind) => DeliveryMode;
  usual: (k: Kind) => DeliveryMode;
  usualHint: string;
}) {
  return kinds.map((k) => (
    <Radios
      key={k.kind}
      field={fieldOf(k.kind)}
      legend={k.label}
      defaultValue={chosen(k)}
      options={DELIVERY_MODES.map((m) => [m, DELIVERY_MODE_LABELS[m], m === usual(k) ? usualHint : undefined] as const)}
    />
  ));
}

export default function NotificationSettings({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, kinds, reminders, canReadLog } = loaderData;
  const reply = actionData;
  const [mineForm, mine] = useIntentForm(PreferencesSchema, { intent: "preferences", id: "preferences", reply });
  const [defaultsForm, defaults] = useIntentForm(DefaultsSchema, { intent: "defaults", id: "defaults", reply });
  const [remindersForm, reminder] = useIntentForm(RemindersSchema, { intent: "reminders", id: "reminders", reply });
  const mineFields = mine.mode.getFieldset();
  const defaultFields = defaults.defaultMode.getFieldset();
  const action = authorityHref(authority.slug, "/notifications/settings");
  return (
    <>
      <FormPageHead title="Notification settings" forms={[mineForm, defaultsForm, remindersForm]} />
      {actionData?.notice ? (
        <SuccessBanner signal={`${actionData.intent}: ${actionData.notice}`}>{actionData.notice}</SuccessBanner>
      ) : null}
      <h1>Notification settings</h1>
      <p className="mb-6 max-w-2xl">
        How {authority.name} tells you about each kind of message. Whatever you choose, every message also shows in{" "}
        <Link to="/notifications">your notifications</Link>. Messages about your account (an invitation, a password
        reset, a sign-in from a new device) are always emailed.
      </p>
      {canReadLog ? (
        <p className="mb-6 max-w-2xl">
          <Link to={authorityHref(authority.slug, "/notifications/log")}>See the delivery log</Link>: what was sent to
          whom, and whether it arrived.
        </p>
      ) : null}

      <SchemaForm form={mineForm} action={action} className="mb-12 max-w-2xl">
        <input type="hidden" name="intent" value="preferences" />
        <h2>Your notifications</h2>
        <ModeRadios
          kinds={kinds}
          fieldOf={(kind) => mineFields[kind]}
          chosen={(k) => k.mode}
          usual={(k) => k.authorityDefault}
          usualHint={`${authority.name}'s default`}
        />
        <Button type="submit">Save your settings</Button>
      </SchemaForm>

      {reminders ? (
        <>
          <SchemaForm form={defaultsForm} action={action} className="mb-12 max-w-2xl">
            <input type="hidden" name="intent" value="defaults" />
            <h2>Defaults for {authority.name}</h2>
            <p className="mb-6">
              What applies to everyone in {authority.name} who has not chosen for themselves. Only admins see this.
            </p>
            <ModeRadios
              kinds={kinds}
              fieldOf={(kind) => defaultFields[kind]}
              chosen={(k) => k.authorityDefault}
              usual={(k) => k.builtInDefault}
              usualHint="Improvement Board's default"
            />
            <Button type="submit">Save the defaults</Button>
          </SchemaForm>

          <SchemaForm form={remindersForm} action={action} className="mb-12 max-w-2xl">
            <input type="hidden" name="intent" value="reminders" />
            <h2>Reminders and digests</h2>
            <Field
              field={reminder.reminderDays}
              label="Reminder days before an action is due"
              hint="Days before the due date, separated by commas. For example, 14, 7, 1"
              defaultValue={reminders.reminderDays.split(",").join(", ")}
              maxLength={maxReminders.reminderDays}
              width="max-w-xs"
              spellCheck={false}
            />
            {DAY_FIELDS.map(({ name, label }) => (
              <Field
                key={name}
                field={reminder[name]}
                label={label}
                hint={`From ${DAY_RANGES[name].min} to ${DAY_RANGES[name].max} days`}
                defaultValue={String(reminders[name])}
                inputMode="numeric"
                width="max-w-[6rem]"
                suffix="days"
              />
            ))}
            <Button type="submit">Save the reminder settings</Button>
          </SchemaForm>
        </>
      ) : null}
    </>
  );
}

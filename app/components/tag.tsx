type Tone = "grey" | "blue" | "green" | "amber" | "red" | "purple";

const TONES: Record<Tone, string> = {
  grey: "bg-surface text-ink border-rule",
  blue: "bg-brand-light text-brand-dark border-brand",
  green: "bg-rag-green-bg text-rag-green border-rag-green",
  amber: "bg-rag-amber-bg text-rag-amber border-rag-amber",
  red: "bg-rag-red-bg text-rag-red border-rag-red",
  purple: "bg-[#dbd5e9] text-[#3d2375] border-[#3d2375]",
};

/** A status tag. The text carries the meaning; colour only reinforces it. */
export function Tag({ tone = "grey", children, label }: { tone?: Tone; children: React.ReactNode; label?: string }) {
  return (
    <strong
      className={`inline-block border px-2 py-0.5 text-sm font-bold uppercase tracking-wide ${TONES[tone]}`}
      aria-label={label}
    >
      {children}
    </strong>
  );
}

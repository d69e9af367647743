import { Tag } from "./tag";
import { TableHead } from "~/components/table-head";
import { gradeTone } from "~/modules/inspection/types";

/** An inspection's judgements with their grades as printed. */
export function JudgementTable({
  judgements,
  caption,
}: {
  judgements: { id: string; area: string; grade: string; gradeText: string }[];
  caption: string;
}) {
  return (
    <table className="w-full max-w-3xl text-left">
      <caption className="sr-only">{caption}</caption>
      <TableHead row="border-b-2 border-rule" cell="py-1" columns={[["Judgement", "py-1 pr-4"], "Grade"]} />
      <tbody>
        {judgements.map((j) => (
          <tr key={j.id} className="border-b border-rule">
            <td className="py-2 pr-4">{j.area}</td>
            <td className="py-2">
              <Tag tone={gradeTone(j.grade)}>{j.gradeText}</Tag>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

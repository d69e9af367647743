/** The GOV.UK button: primary (green), secondary (grey) or warning (red). */
export function Button({
  children,
  variant = "primary",
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "warning" }) {
  const styles = {
    primary: "bg-success text-white hover:bg-[#005a30]",
    secondary: "bg-surface text-ink hover:bg-rule",
    warning: "bg-danger text-white hover:bg-[#aa2a16]",
  }[variant];
  return (
    <button
      {...props}
      className={`border-b-2 border-ink px-4 py-2 font-bold shadow-[0_2px_0_#002d18] ${styles} ${props.className ?? ""}`}
    >
      {children}
    </button>
  );
}

"use client";
import { useCallback, useState, type ReactNode } from "react";

// Destructive actions ask first, in a modal <dialog> (focus moves into it, Escape cancels), never
// in a browser confirm() that tests and screen readers handle badly. The dialog exists only
// while open, so a closed one never doubles a label on the page.

function useModal() {
  const [open, setOpen] = useState(false);
  // Opens as a modal as soon as it is mounted; Escape closes it through onClose.
  const ref = useCallback((node: HTMLDialogElement | null) => {
    if (node && !node.open) node.showModal();
  }, []);
  return { open, show: () => setOpen(true), hide: () => setOpen(false), ref };
}

export function ConfirmButton({
  children,
  title,
  body,
  confirmLabel,
  onConfirm,
  disabled,
  className = "danger",
}: {
  children: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const modal = useModal();
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={modal.show}>
        {children}
      </button>
      {/* No form of its own: the button may sit inside another form (type="button" never submits it). */}
      {modal.open && (
        <dialog ref={modal.ref} aria-label={title} className="dialog" onClose={modal.hide}>
          <h2>{title}</h2>
          <div>{body}</div>
          <div className="form-row" style={{ justifyContent: "flex-end", marginTop: "1rem" }}>
            <button type="button" className="secondary" autoFocus onClick={modal.hide}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                modal.hide();
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </dialog>
      )}
    </>
  );
}

/** A small form in a dialog (a name to give, say), instead of window.prompt. */
export function PromptButton({
  children,
  title,
  label,
  submitLabel,
  onSubmit,
  className = "secondary",
}: {
  children: ReactNode;
  title: string;
  label: string;
  submitLabel: string;
  onSubmit: (value: string) => void;
  className?: string;
}) {
  const modal = useModal();
  return (
    <>
      <button type="button" className={className} onClick={modal.show}>
        {children}
      </button>
      {modal.open && (
        <dialog ref={modal.ref} aria-label={title} className="dialog" onClose={modal.hide}>
          <form
            method="dialog"
            onSubmit={(e) => {
              const form = e.currentTarget;
              if ((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") !== "submit") return;
              const value = String(new FormData(form).get("value") ?? "").trim();
              if (value) onSubmit(value);
              form.reset();
            }}
          >
            <h2>{title}</h2>
            <label>
              {label}
              <input name="value" required maxLength={100} autoFocus />
            </label>
            <div className="form-row" style={{ justifyContent: "flex-end", marginTop: "1rem" }}>
              <button value="cancel" className="secondary" formNoValidate>
                Cancel
              </button>
              <button value="submit">{submitLabel}</button>
            </div>
          </form>
        </dialog>
      )}
    </>
  );
}

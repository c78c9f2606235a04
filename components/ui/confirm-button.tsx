"use client";
import { useState, type ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "./alert-dialog";
import { Button, type ButtonProps } from "./button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "./dialog";
import { Input } from "./input";
import { Field } from "./label";

type Variant = ButtonProps["variant"];

// Destructive actions ask first, in a modal alert dialog (focus moves to Cancel, Escape cancels),
// never in a browser confirm() that tests and screen readers handle badly. The dialog is mounted
// only while open, so a closed one never doubles a label on the page. Its role stays "dialog"
// (named by its title) as the pages and their tests have always had it.
export function ConfirmButton({
  children,
  title,
  body,
  confirmLabel,
  onConfirm,
  disabled,
  variant = "destructive",
  className,
}: {
  children: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  variant?: Variant;
  className?: string;
}) {
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button type="button" variant={variant} className={className} disabled={disabled}>
          {children}
        </Button>
      </AlertDialogTrigger>
      {/* Portalled out of any surrounding form: its buttons never submit one. */}
      <AlertDialogContent role="dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div>{body}</div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={onConfirm}>{confirmLabel}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** A small form in a dialog (a name to give, say), instead of window.prompt. */
export function PromptButton({
  children,
  title,
  label,
  submitLabel,
  onSubmit,
  variant = "secondary",
  className,
}: {
  children: ReactNode;
  title: string;
  label: string;
  submitLabel: string;
  onSubmit: (value: string) => void;
  variant?: Variant;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button type="button" variant={variant} className={className} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <DialogContent aria-describedby={undefined}>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const value = String(new FormData(e.currentTarget).get("value") ?? "").trim();
            if (!value) return;
            setOpen(false);
            onSubmit(value);
          }}
        >
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
          </DialogHeader>
          <Field>
            {label}
            <Input name="value" required maxLength={100} autoFocus />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit">{submitLabel}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

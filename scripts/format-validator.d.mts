export declare const OUTPUT: string;
export declare const AJV_OPTIONS: { readonly allErrors: true; readonly verbose: true; readonly strict: true; readonly allowUnionTypes: true };
export declare function formatValidatorSource(): string;

export declare const SLANT_DEG: number;
export declare function isSlanted(dx: number, dy: number): boolean;
